// The rules in force on this room server. Without RULES_FILE they are the environment's (ROUND_MS,
// SETTLE_MS, 4 seats; version "env"). With it, the file the rules sidecar writes is followed (directory
// watch + poll) and can be re-read on demand (POST /rules/reload on the loopback admin port): a valid new
// file replaces the rules, which rooms take at their next round; a bad one is logged once and refused,
// and the rules in force stay. /metrics shows the version in force (gameops_room_rules_info).
import { readFile } from "node:fs/promises";
import { Counter, Gauge, type Registry } from "prom-client";
import { followFile, type FileFollower } from "../../shared/file-watch";
import type { Logger } from "../../shared/logger";
import { parseRules, type DiceRules } from "./rules";

export type ReloadResult = { ok: true; version: string; changed: boolean } | { ok: false; reason: string; version: string };

export interface RulesSourceOptions {
    /** RULES_FILE; undefined = the defaults stay for the life of the process. */
    file: string | undefined;
    defaults: DiceRules;
    log: Logger;
    registry: Registry;
    pollMs?: number;
}

export class RulesSource {
    private rules: DiceRules;
    private follower: FileFollower | undefined;
    private readonly info: Gauge<"version">;
    private readonly reloads: Counter<"outcome">;

    constructor(private readonly o: RulesSourceOptions) {
        this.rules = o.defaults;
        this.info = new Gauge({
            name: "gameops_room_rules_info",
            help: "1 for the version of the dice rules in force",
            labelNames: ["version"],
            registers: [o.registry],
        });
        this.reloads = new Counter({
            name: "gameops_room_rules_reloads_total",
            help: "Rules files read, by outcome (applied, rejected)",
            labelNames: ["outcome"],
            registers: [o.registry],
        });
        this.info.set({ version: this.rules.version }, 1);
    }

    current(): DiceRules {
        return this.rules;
    }

    /** Reads the file once (a missing file keeps the defaults until it appears) and follows it. */
    async start(): Promise<void> {
        const file = this.o.file;
        if (file === undefined) return;
        this.follower = followFile(file, (text) => this.apply(text, "watch"), { pollMs: this.o.pollMs });
        await this.follower.check();
        if (this.rules === this.o.defaults) {
            this.o.log.info({ file, version: this.rules.version }, "rules file not there yet; playing by the environment's rules until it appears");
        }
    }

    /** Re-reads the file now (the admin endpoint); the result says what is in force afterwards. */
    async reload(): Promise<ReloadResult> {
        const file = this.o.file;
        if (file === undefined) return { ok: false, reason: "RULES_FILE is not set; the environment's rules are fixed", version: this.rules.version };
        let text: string;
        try {
            text = await readFile(file, "utf8");
        } catch (err) {
            return { ok: false, reason: `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, version: this.rules.version };
        }
        return this.apply(text, "admin");
    }

    close(): void {
        this.follower?.close();
    }

    private apply(text: string, via: "watch" | "admin"): ReloadResult {
        const parsed = parseRules(text);
        const previous = this.rules;
        if (!parsed.ok) {
            this.reloads.inc({ outcome: "rejected" });
            this.o.log.error({ file: this.o.file, via, reason: parsed.reason, keeping: previous.version }, "rules file rejected; the rules in force stay");
            return { ok: false, reason: parsed.reason, version: previous.version };
        }
        const next = parsed.rules;
        if (JSON.stringify(next) === JSON.stringify(previous)) return { ok: true, version: next.version, changed: false };
        this.rules = next;
        this.reloads.inc({ outcome: "applied" });
        this.info.reset();
        this.info.set({ version: next.version }, 1);
        this.o.log.info(
            { file: this.o.file, via, from: previous.version, to: next.version, rules: next },
            "rules applied; rooms take them from their next round",
        );
        return { ok: true, version: next.version, changed: true };
    }
}
