// The room server's contract suite, one describe per player transport (grpc-player.ts): a Redis per
// suite, the room server each test starts (killed after it), its clients, and readers of what it wrote.
import { strict as assert } from "node:assert";
import type { Client } from "@grpc/grpc-js";
import { resultFromFields } from "../../../services/directory";
import { decode } from "../../../services/protocol/codec";
import { redisPerSuite, type SuiteRedis } from "../../../lib/services/redis";
import { roomClient } from "./grpc-player";
import { startRoom, type RoomProcess } from "./room-process";

export interface ServerSuite {
    redis: SuiteRedis;
    /** Starts this test's room server under a fresh SERVER_ID; afterEach kills it. */
    start(env?: Record<string, string>): Promise<RoomProcess>;
    /** A client of `addr`, closed after the test. */
    client(addr: string): Client;
    /** The settled rounds of `roomId` in the results stream. */
    results(roomId: string): Promise<ReturnType<typeof settled>>;
}

function settled(entries: [string, string[]][], roomId: string) {
    return entries.map(([, f]) => resultFromFields(f)).flatMap((r) => (r.ok && r.value.room === roomId ? [r.value] : []));
}

/** Registers the hooks on the enclosing describe. */
export function roomServerSuite(): ServerSuite {
    const redis = redisPerSuite();
    let room: RoomProcess | undefined;
    const clients: Client[] = [];
    let n = 0;
    afterEach(async () => {
        for (const c of clients.splice(0)) c.close();
        await room?.kill();
        room = undefined;
    });
    return {
        redis,
        start: async (env = {}) => {
            room = await startRoom(redis.server.url, `room-${++n}`, env);
            return room;
        },
        client: (addr) => {
            const c = roomClient(addr);
            clients.push(c);
            return c;
        },
        results: async (roomId) => settled(await redis.client.xrange("t:results", "-", "+"), roomId),
    };
}

export function int32Of(data: Uint8Array): number {
    const r = decode.int32(data);
    assert.ok(r.ok);
    return r.value;
}
