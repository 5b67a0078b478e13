// Run by lazy-grpc.test.ts in a process of its own: the gateway's server module and one player link
// through its ChannelPool to the room at argv[2]; prints the first frame's cmd, the metadata the room
// saw is the parent's to check, and whether @grpc/grpc-js was loaded.
import "../../../services/gateway/server";
import { ChannelPool } from "../../../services/gateway/channel-pool";
import type { Frame } from "../../../services/protocol";

const pool = new ChannelPool();
const link = pool.open(process.argv[2]!, { user_id: "7", room_id: "lazy-1" });
link.on("error", () => undefined);
link.on("data", (f: Frame) => {
    const grpcLoaded = Object.keys(require.cache).some((k) => k.includes("/@grpc/grpc-js/"));
    process.stdout.write(`${JSON.stringify({ cmd: f.cmd, grpcLoaded })}\n`);
    pool.close();
    process.exit(0);
});
