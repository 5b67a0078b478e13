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
    cronCommand: ["node", "services/cron/main.js"],
    uid: 10001,
} as const;
