// What the bundled services expect of the pods that run them: ports, mount points, commands, user.
// A primitive: the zone's schema refuses a gateway port that collides with these, and its specs use them.
/** Mount points and ports from services/CONTRACT.md. */
export const contract = {
    adminPort: 9090,
    roomGrpcPort: 7000,
    redisPort: 6379,
    routingDir: "/etc/gameops/routing",
    routingKey: "routing.json",
    gatewayCommand: ["node", "services/gateway/main.js"],
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
    cronCommand: ["node", "services/cron/main.js"],
    uid: 10001,
} as const;
