// The gateway loads grpc-js only for a room server without the TCP relay (services/gateway/grpc-js.ts):
// a gateway process whose players all play through TCP relays never has it in memory.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { Cmd } from "../../../services/protocol";
import { type FakeRoom, frame, md, type RoomTransport, startFakeRoom } from "./fake-room";

const run = promisify(execFile);

async function linkFromChildProcess(transport: RoomTransport): Promise<{ cmd: number; grpcLoaded: boolean; userId: string | undefined }> {
    let room: FakeRoom | undefined;
    try {
        room = await startFakeRoom((call) => call.write(frame(Cmd.DICE_SCENE)), transport);
        const { stdout } = await run(process.execPath, ["--import", "tsx", path.join(__dirname, "lazy-grpc-child.ts"), room.addr], { timeout: 15_000 });
        const out = JSON.parse(stdout.trim()) as { cmd: number; grpcLoaded: boolean };
        return { ...out, userId: md(room.streams[0]!, "user_id") };
    } finally {
        await room?.stop();
    }
}

describe("gateway: grpc-js on demand", function () {
    this.timeout(30_000);

    it("must seat a player over the TCP relay without loading grpc-js", async () => {
        assert.deepEqual(await linkFromChildProcess("socket"), { cmd: Cmd.DICE_SCENE, grpcLoaded: false, userId: "7" });
    });

    it("must load grpc-js for a room server that has no TCP relay, and seat the player on it", async () => {
        assert.deepEqual(await linkFromChildProcess("connect"), { cmd: Cmd.DICE_SCENE, grpcLoaded: true, userId: "7" });
    });
});
