// npm run bot -- --url ws://127.0.0.1:60006 --players N --rooms M --rounds K [--jwt-key ZGVmYXVsdF9rZXk=] [--direct]
// The key may come from BOT_JWT_KEY instead: a real zone's key then stays out of the command line,
// which `npm run` echoes and `ps` shows.
import { parseArgs } from "node:util";
import { runFleet, type FleetOptions } from "./fleet";

const usageText =
    "usage: npm run bot -- --url ws://127.0.0.1:60006 --players N --rooms M --rounds K [--jwt-key BASE64] [--version X.Y.Z] [--deadline-seconds S] [--first-id ID] [--first-room ID] [--direct]";

export type CliResult = { ok: true; options: FleetOptions } | { ok: false; error: string };

function positiveInt(name: string, raw: string | undefined, def: number): number | string {
    if (raw === undefined) return def;
    if (!/^[0-9]+$/.test(raw) || Number(raw) < 1) return `--${name}: "${raw}" is not a positive integer; pass e.g. --${name} ${def}`;
    return Number(raw);
}

/** Parses the command line (BOT_JWT_KEY from `env` when --jwt-key is absent); errors name the flag, the value and the fix. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = {}): CliResult {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                url: { type: "string", default: "ws://127.0.0.1:60006" },
                players: { type: "string" },
                rooms: { type: "string" },
                rounds: { type: "string" },
                "jwt-key": { type: "string", default: env.BOT_JWT_KEY || "ZGVmYXVsdF9rZXk=" },
                version: { type: "string" },
                "deadline-seconds": { type: "string" },
                "first-id": { type: "string" },
                "first-room": { type: "string" },
                // Play on the room servers' own ports when the gateway hands them out (services/direct-rooms.md).
                direct: { type: "boolean", default: false },
            },
            strict: true,
        }));
    } catch (err) {
        return { ok: false, error: `${(err as Error).message}\n${usageText}` };
    }
    const players = positiveInt("players", values.players, 4);
    const rooms = positiveInt("rooms", values.rooms, 1);
    const rounds = positiveInt("rounds", values.rounds, 3);
    const deadline = positiveInt("deadline-seconds", values["deadline-seconds"], 300);
    for (const v of [players, rooms, rounds, deadline]) if (typeof v === "string") return { ok: false, error: `${v}\n${usageText}` };
    const firstId = values["first-id"];
    if (firstId !== undefined && !/^[1-9][0-9]{0,18}$/.test(firstId)) {
        return { ok: false, error: `--first-id: "${firstId}" is not a positive int64; pass e.g. --first-id 1000\n${usageText}` };
    }
    const firstRoom = values["first-room"];
    if (firstRoom !== undefined && !/^[1-9][0-9]{0,17}$/.test(firstRoom)) {
        return { ok: false, error: `--first-room: "${firstRoom}" is not a positive room id below 10^18; pass e.g. --first-room 1\n${usageText}` };
    }
    if (!/^wss?:\/\//.test(values.url))
        return { ok: false, error: `--url: "${values.url}" is not a ws:// or wss:// URL; pass e.g. --url ws://127.0.0.1:60006\n${usageText}` };
    return {
        ok: true,
        options: {
            url: values.url,
            players: players as number,
            rooms: rooms as number,
            rounds: rounds as number,
            jwtKeyBase64: values["jwt-key"],
            version: values.version,
            deadlineMs: (deadline as number) * 1000,
            firstId: firstId === undefined ? undefined : BigInt(firstId),
            firstRoomId: firstRoom === undefined ? undefined : BigInt(firstRoom),
            direct: values.direct,
        },
    };
}

async function main(): Promise<void> {
    const cli = parseCli(process.argv.slice(2), process.env);
    if (!cli.ok) {
        process.stderr.write(`${cli.error}\n`);
        process.exit(2);
    }
    let summary;
    try {
        summary = await runFleet(cli.options);
    } catch (err) {
        process.stderr.write(`bot: ${(err as Error).message}\n`);
        process.exit(1);
    }
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    const clean = summary.ends.finished === summary.players && summary.unexpectedCloses === 0;
    process.exit(clean ? 0 : 1);
}

if (require.main === module) void main();
