// The okg engine's state probe (kruise-game serviceQualities, run by kruise-daemon in the room
// container): `node services/room/probe.js` prints the room server's state — busy, idle-outdated or
// idle — as asked on its loopback admin port, and exits 0; kruise-game turns the printed word into the
// GameServer's opsState. A server that does not answer is a failed probe (exit 1, the reason on stderr),
// which changes no opsState.
const port = Number(process.env.LOCAL_ADMIN_PORT ?? "9091");
const timeoutMs = 2000;

async function main(): Promise<number> {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        process.stderr.write(`LOCAL_ADMIN_PORT: "${process.env.LOCAL_ADMIN_PORT}" is not a port; set it to the room server's (e.g. 9091)\n`);
        return 1;
    }
    try {
        const res = await fetch(`http://127.0.0.1:${port}/state`, { signal: AbortSignal.timeout(timeoutMs) });
        const body = (await res.json()) as { state?: unknown };
        if (res.status !== 200 || typeof body.state !== "string") {
            process.stderr.write(`room server answered ${res.status} without a state\n`);
            return 1;
        }
        process.stdout.write(`${body.state}\n`);
        return 0;
    } catch (err) {
        process.stderr.write(`room server on 127.0.0.1:${port} did not answer: ${(err as Error).message}\n`);
        return 1;
    }
}

void main().then((code) => process.exit(code));
