// What the okg engine adds to a room server, in one place: the dice rules it follows (RULES_FILE), the
// group's desired version (DESIRED_VERSION_FILE) that makes it outdated, and the loopback admin port the
// state probe and a rules reload use. Without those variables it is inert: the environment's rules, never
// outdated, and a loopback port that answers `idle`/`busy`.
import type { Registry } from "prom-client";
import type { Logger } from "../shared/logger";
import type { RoomServerConfig } from "./config";
import { DesiredVersion, roomServerState, type Desired } from "./desired-version";
import { defaultPlayingSeats } from "./game/seats";
import type { Heartbeat } from "./heartbeat";
import { startLocalAdmin, type LocalAdmin } from "./local-admin";
import type { RoomHost } from "./room-host";
import { RulesSource } from "./rules/rules-source";

export interface RoomReleaseParts {
    host: RoomHost;
    heartbeat: Heartbeat;
    /** The server is running (not starting, draining or stopping): only then may it be `ready` again. */
    running: () => boolean;
}

export class RoomRelease {
    readonly rules: RulesSource;
    private desired: DesiredVersion | undefined;
    private admin: LocalAdmin | undefined;
    private retired = false;

    constructor(
        private readonly cfg: RoomServerConfig,
        private readonly log: Logger,
        registry: Registry,
    ) {
        this.rules = new RulesSource({
            file: cfg.rulesFile,
            defaults: { version: "env", roundMs: cfg.roundMs, settleMs: cfg.settleMs, seats: defaultPlayingSeats, payout: 1 },
            log,
            registry,
        });
    }

    /** After the host and heartbeat exist: follows the desired version and opens the loopback port. */
    async start(parts: RoomReleaseParts): Promise<void> {
        const { cfg, log } = this;
        const apply = (desired: Desired | undefined) => this.retire(parts, desired);
        this.desired = new DesiredVersion({ file: cfg.desiredVersionFile, group: cfg.group, log, onChange: apply });
        await this.desired.start();
        if (cfg.localAdminPort === 0) return;
        this.admin = await startLocalAdmin({
            port: cfg.localAdminPort,
            state: () => {
                const desired = this.desired?.current();
                return {
                    state: roomServerState(parts.host.busy ? 1 : 0, cfg.version, desired),
                    rooms: parts.host.roomCount,
                    version: cfg.version,
                    desiredVersion: desired?.version,
                    rulesVersion: this.rules.current().version,
                };
            },
            reloadRules: () => this.rules.reload(),
        });
        log.info({ localAdminPort: this.admin.port, rulesVersion: this.rules.current().version }, "loopback admin port open (GET /state, POST /rules/reload)");
    }

    async close(): Promise<void> {
        this.rules.close();
        this.desired?.close();
        await this.admin?.close();
    }

    /** Under a lossless release an outdated server takes no new rooms; its open rooms play on. */
    private retire(parts: RoomReleaseParts, desired: Desired | undefined): void {
        const retire = desired !== undefined && desired.release === "lossless" && desired.version !== this.cfg.version;
        if (retire === this.retired) return;
        this.retired = retire;
        parts.host.setRetired(retire);
        this.log.info({ version: this.cfg.version, desired }, retire ? "outdated under a lossless release: no new rooms" : "current again: taking new rooms");
        if (retire) void parts.heartbeat.setState("draining");
        else if (parts.running()) void parts.heartbeat.setState("ready");
    }
}
