// What the bundled services expect of the pods that run them: ports, mount points, commands, user.
// A primitive: the zone's schema refuses a gateway port that collides with these, and its specs use them.
/**
 * The gateway's node flags, for a process that holds many idle player sockets (`npm run bench`,
 * 10,000 idle connections; README, Benchmarks): the young generation's semi-spaces at 2 MB instead
 * of V8's 16 (a burst of handshakes grows them to the maximum, and they stay committed: about 28 MB
 * at 10,000 players), a full GC once the old generation has grown 20% past what the last one kept
 * (the handshakes' HTTP state that reached it as garbage goes sooner: about 8 MB at 10,000), and
 * two V8 worker threads instead of four (each keeps its own malloc arena; a gateway pod requests a
 * quarter of a core). The price is GC time under load: about 4% → 10% of the gateway's CPU in the
 * closed loop at 1,000 bots, 2% → 4% in the real game. Defined once, here: the pod's command below,
 * the Dockerfile's gateway CMD (a test keeps it equal to that command) and lib/services' gateway
 * processes (nodeFlags) all run the gateway with them.
 */
const gatewayNodeFlags = ["--max-semi-space-size=2", "--heap-growing-percent=20", "--v8-pool-size=2"] as const;

/** Mount points and ports from services/CONTRACT.md. */
export const contract = {
    adminPort: 9090,
    roomGrpcPort: 7000,
    redisPort: 6379,
    routingDir: "/etc/gameops/routing",
    routingKey: "routing.json",
    gatewayCommand: ["node", ...gatewayNodeFlags, "services/gateway/main.js"],
    roomCommand: ["node", "services/room/main.js"],
    roomPreStop: ["node", "services/room/prestop.js"],
    /** The okg engine's state probe: prints busy, idle-outdated or idle (services/room/probe.ts). */
    roomProbe: ["node", "services/room/probe.js"],
    /** The room server's loopback-only admin port (rules reload, state for the probe). */
    roomLocalAdminPort: 9091,
    /** The emptyDir the rules sidecar writes `rules.json` into and the room server reads (okg engine). */
    rulesDir: "/etc/gameops/rules",
    rulesKey: "rules.json",
    rulesCommand: ["node", "services/rules/main.js"],
    /** The room-versions ConfigMap (the desired version per group), mounted as a directory (okg engine). */
    versionsDir: "/etc/gameops/room-versions",
    versionsKey: "versions.json",
    /**
     * The direct player port's public address (okg engine, services/direct-rooms.md): OpenKruise Game's
     * network plugin writes it into this pod annotation; a downward-API volume mounts it as a file.
     */
    networkStatusAnnotation: "game.kruise.io/network-status",
    networkStatusDir: "/etc/gameops/network",
    networkStatusKey: "status",
    cronCommand: ["node", "services/cron/main.js"],
    uid: 10001,
} as const;
