// The dice rules a room server plays by, as the rules sidecar delivers them (RULES_FILE, a JSON file in
// an emptyDir the sidecar shares with the room container). Validated whole: a file that fails is
// refused with the reason, and the server keeps the rules it had.
import { z } from "zod";

const rulesSchema = z
    .object({
        // Shown in /metrics (gameops_room_rules_info{version}) and the logs: which rules file is in force.
        version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "must be 1-64 letters, digits, '.', '_' or '-', e.g. 2026.11.1" }),
        // How long a round runs before it is settled (everyone may shake until then).
        roundMs: z.number().int().min(100).max(3_600_000),
        // The idle pause after a settlement before the next round starts.
        settleMs: z.number().int().min(0).max(3_600_000),
        // Playing seats per table; higher seats watch.
        seats: z.number().int().min(1).max(16),
        // Leaderboard points each winner of a round earns (the results stream's payout).
        payout: z.number().int().min(1).max(1_000_000),
    })
    .strict();

export type DiceRules = z.output<typeof rulesSchema>;

export type ParsedRules = { ok: true; rules: DiceRules } | { ok: false; reason: string };

export function parseRules(text: string): ParsedRules {
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (err) {
        return {
            ok: false,
            reason: `not JSON (${(err as Error).message}); write an object like {"version":"1","roundMs":30000,"settleMs":5000,"seats":4,"payout":1}`,
        };
    }
    const parsed = rulesSchema.safeParse(raw);
    if (parsed.success) return { ok: true, rules: parsed.data };
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(file)"}: ${i.message}`);
    return { ok: false, reason: problems.join("; ") };
}
