// CronJob schedules, checked the way the API server checks them: pkg/apis/batch/validation
// validateScheduleFormat parses `spec.schedule` with github.com/robfig/cron/v3 ParseStandard (five
// fields or a descriptor) and refuses any `TZ` in it (the timeZone field replaces TZ=/CRON_TZ=). This
// mirrors that parser rule for rule, and also refuses what it accepts but never runs (30 2 = Feb 30).
// Pure: no imports.

interface Bounds {
    name: string;
    min: number;
    max: number;
    names?: Record<string, number>;
    /** How the names read in a message, e.g. "a month name (jan-dec)". */
    named?: string;
}

// robfig/cron/v3 spec.go bounds; day-of-week is 0-6 (7 is refused), names are case-insensitive.
const fields: Bounds[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day-of-month", min: 1, max: 31 },
    {
        name: "month",
        min: 1,
        max: 12,
        names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
        named: "a month name (jan-dec)",
    },
    { name: "day-of-week", min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 }, named: "a day name (sun-sat)" },
];

const descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
// Go's time.ParseDuration, which robfig uses for `@every <duration>`.
const goDurationRe = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** The fix every schedule problem ends with. */
const cronFix = 'write five fields (minute hour day-of-month month day-of-week) such as "0 3 * * *", or a macro such as @daily';

class CronError extends Error {}

/** One field's values and whether it was `*` or `?` (robfig's star bit, which changes day matching). */
interface Field {
    values: Set<number>;
    star: boolean;
}

/** robfig parseIntOrName (names only for values, not steps) and strconv.Atoi: an optional sign and digits. */
function number(text: string, f: Bounds, step = false): number {
    const named = step ? undefined : f.names?.[text.toLowerCase()];
    if (named !== undefined) return named;
    if (!/^[+-]?\d+$/.test(text)) {
        const what = step ? "step" : "";
        throw new CronError(`${f.name}${what ? ` ${what}` : ""} ${JSON.stringify(text)} is not a number${!step && f.named ? ` or ${f.named}` : ""}`);
    }
    return Number(text);
}

/** robfig getRange: `*`, `?`, `n`, `a-b`, each with an optional `/step`. */
function range(expr: string, f: Bounds, into: Field): void {
    const rangeAndStep = expr.split("/");
    const lowAndHigh = rangeAndStep[0].split("-");
    let start: number;
    let end: number;
    let star = false;
    if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
        [start, end, star] = [f.min, f.max, true];
    } else {
        if (lowAndHigh.length > 2) throw new CronError(`${f.name} ${JSON.stringify(expr)} has too many hyphens`);
        start = number(lowAndHigh[0], f);
        end = lowAndHigh.length === 2 ? number(lowAndHigh[1], f) : start;
    }
    let step = 1;
    if (rangeAndStep.length > 2) throw new CronError(`${f.name} ${JSON.stringify(expr)} has too many slashes`);
    if (rangeAndStep.length === 2) {
        step = number(rangeAndStep[1], f, true);
        if (lowAndHigh.length === 1) end = f.max; // "n/step" means "n-max/step"
        if (step > 1) star = false;
    }
    if (start < f.min) throw new CronError(`${f.name} ${start} is outside ${f.min}-${f.max}`);
    if (end > f.max)
        throw new CronError(`${f.name} ${end} is outside ${f.min}-${f.max}${f.name === "day-of-week" && end === 7 ? " (Sunday is 0 or sun)" : ""}`);
    if (start > end) throw new CronError(`${f.name} range ${JSON.stringify(expr)} starts after it ends (${start} > ${end})`);
    if (step === 0) throw new CronError(`${f.name} step in ${JSON.stringify(expr)} is 0, and a step must be positive`);
    for (let v = start; v <= end; v += step) into.values.add(v);
    into.star ||= star;
}

function field(text: string, f: Bounds): Field {
    const out: Field = { values: new Set(), star: false };
    // strings.FieldsFunc on ',': empty items are skipped, as robfig does.
    for (const expr of text.split(",").filter((e) => e !== "")) range(expr, f, out);
    return out;
}

const daysInMonth = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Why a parsed schedule never fires, or undefined. robfig dayMatches: day-of-month AND day-of-week
 * when either is a star, else either one; a day must exist in one of the months (Feb 29 does).
 */
function neverRuns(named: Field[]): string | undefined {
    const [minute, hour, dom, month, dow] = named;
    const empty = [minute, hour, month].findIndex((f) => f.values.size === 0);
    if (empty >= 0) return `its ${fields[[0, 1, 3][empty]].name} field names no value`;
    const domFits = [...month.values].some((m) => [...dom.values].some((d) => d <= daysInMonth[m]));
    const runs = dom.star || dow.star ? domFits && dow.values.size > 0 : domFits || dow.values.size > 0;
    if (runs) return undefined;
    return dom.values.size > 0 && !domFits ? "no month it names has that day of the month" : "its day fields name no day";
}

/**
 * Why the API server refuses `schedule` (or, if it accepts it, why the job never runs), with the fix;
 * undefined for a schedule that parses and runs.
 */
export function cronScheduleProblem(schedule: string): string | undefined {
    if (schedule.includes("TZ")) {
        return "sets a time zone in the schedule (TZ= or CRON_TZ=), which the API server refuses; remove it and set the job's timeZone instead";
    }
    if (schedule === "") return `is empty; ${cronFix}`;
    if (schedule.startsWith("@")) {
        if (descriptors.includes(schedule)) return undefined;
        if (schedule.startsWith("@every ") && goDurationRe.test(schedule.slice("@every ".length))) return undefined;
        return `is not a cron macro; use ${descriptors.join(", ")} or @every <duration> such as @every 1h30m`;
    }
    const parts = schedule.split(/\s+/).filter((p) => p !== "");
    if (parts.length !== 5) return `has ${parts.length} field${parts.length === 1 ? "" : "s"}, not 5; ${cronFix}`;
    try {
        const never = neverRuns(parts.map((p, i) => field(p, fields[i])));
        if (never !== undefined) return `is a schedule that never runs: ${never}; ${cronFix}`;
    } catch (err) {
        if (err instanceof CronError) return `is not a valid cron schedule: ${err.message}; ${cronFix}`;
        throw err;
    }
    return undefined;
}
