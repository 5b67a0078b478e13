// Kubernetes's own rules for values the stack config writes into objects, checked here the way the
// API server checks them, so a config it would refuse stops before anything is registered. Pure: no
// imports, no Pulumi; each function says which API server rule it mirrors.

/** k8s.io/apimachinery/pkg/util/validation: IsValidLabelValue (LabelValueMaxLength, labelValueFmt). */
const maxLabelValueLength = 63;
const labelValueRe = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why `value` is not a label value the API server accepts, or undefined when it is one. */
export function labelValueProblem(value: string): string | undefined {
    if (value.length > maxLabelValueLength) return `is ${value.length} characters long; Kubernetes label values are at most ${maxLabelValueLength}`;
    if (!labelValueRe.test(value)) {
        return "is not a Kubernetes label value (letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
    }
    return undefined;
}

/**
 * Namespaces a zone must not take. `default` and `kube-system`, `kube-public`, `kube-node-lease`
 * exist in every cluster (Pulumi would fail to create them, and deleting the zone would delete them);
 * the `kube-` prefix is reserved for Kubernetes system namespaces (kubernetes.io docs, Namespaces).
 */
export function reservedNamespaceProblem(namespace: string): string | undefined {
    if (namespace === "default") return "is the namespace Kubernetes creates in every cluster for objects that name none";
    if (namespace.startsWith("kube-")) return "is in the kube- prefix Kubernetes reserves for its own system namespaces";
    return undefined;
}

/** An exact non-negative rational, so quantities compare like resource.Quantity.Cmp (no float rounding). */
interface Rational {
    num: bigint;
    den: bigint;
}

const suffixes: Record<string, Rational> = {
    n: { num: 1n, den: 1_000_000_000n },
    u: { num: 1n, den: 1_000_000n },
    m: { num: 1n, den: 1000n },
    "": { num: 1n, den: 1n },
    k: { num: 1000n, den: 1n },
    M: { num: 10n ** 6n, den: 1n },
    G: { num: 10n ** 9n, den: 1n },
    T: { num: 10n ** 12n, den: 1n },
    P: { num: 10n ** 15n, den: 1n },
    E: { num: 10n ** 18n, den: 1n },
    Ki: { num: 2n ** 10n, den: 1n },
    Mi: { num: 2n ** 20n, den: 1n },
    Gi: { num: 2n ** 30n, den: 1n },
    Ti: { num: 2n ** 40n, den: 1n },
    Pi: { num: 2n ** 50n, den: 1n },
    Ei: { num: 2n ** 60n, den: 1n },
};

// k8s.io/apimachinery/pkg/api/resource: <sign><digits>[.<digits>]<suffix>, suffix binary, decimal or e<exp>.
const quantityRe = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

function parseQuantity(quantity: string): Rational | undefined {
    const m = quantityRe.exec(quantity);
    if (!m) return undefined;
    const [whole, fraction = ""] = m[2].split(".");
    let num = BigInt(`${whole || "0"}${fraction}`) * (m[1] === "-" ? -1n : 1n);
    let den = 10n ** BigInt(fraction.length);
    if (m[4] !== undefined) {
        const exp = BigInt(m[4]);
        if (exp >= 0n) num *= 10n ** exp;
        else den *= 10n ** -exp;
    } else {
        const unit = suffixes[m[3] ?? ""];
        num *= unit.num;
        den *= unit.den;
    }
    return { num, den };
}

/**
 * Compares two resource quantities numerically, as the API server does when it checks that a limit
 * is not below its request (ValidateResourceRequirements: "must be greater than or equal to <name>
 * request"). -1, 0 or 1; undefined when either is not a quantity.
 */
export function compareQuantities(a: string, b: string): -1 | 0 | 1 | undefined {
    const x = parseQuantity(a);
    const y = parseQuantity(b);
    if (x === undefined || y === undefined) return undefined;
    const left = x.num * y.den;
    const right = y.num * x.den;
    return left < right ? -1 : left > right ? 1 : 0;
}

// pkg/apis/batch/validation validateTimeZone: every '/'-separated part matches this, and none is
// "." or ".." or starts with '-'.
const timeZonePartRe = /^[A-Za-z.\-_0-9+]{1,14}$/;

const timeZoneFix = "use an IANA name such as Asia/Shanghai or UTC (or remove timeZone for the controller's own zone)";

/**
 * Why a CronJob `timeZone` is refused (with the fix), or undefined when the API server accepts it. It
 * mirrors validateTimeZone: the part syntax above, no `Local`, and time.LoadLocation (the IANA
 * database the API server embeds) knowing the name. Node's Intl stands in for LoadLocation; both read
 * the IANA database, but Intl matches names case-insensitively where LoadLocation does not, so a name
 * Intl resolves to other capitalisation is refused, and so is a part that does not start with a
 * capital letter (no IANA name part does).
 */
export function timeZoneProblem(timeZone: string): string | undefined {
    const parts = timeZone.split("/");
    if (parts.some((p) => p === "." || p === ".." || p.startsWith("-") || !timeZonePartRe.test(p))) {
        return `is not an IANA time zone name (parts of letters, digits, '.', '-', '_' and '+', at most 14 characters each); ${timeZoneFix}`;
    }
    if (timeZone.toLowerCase() === "local") return `is not allowed: a CronJob needs an explicit time zone; ${timeZoneFix}`;
    let resolved: string;
    try {
        resolved = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
    } catch {
        return `is not a time zone in the IANA database; ${timeZoneFix}`;
    }
    if (resolved !== timeZone && resolved.toLowerCase() === timeZone.toLowerCase()) {
        return `is not a time zone in the IANA database, whose names are case-sensitive; write ${resolved}`;
    }
    if (parts.some((p) => !/^[A-Z]/.test(p))) {
        return `is not a time zone in the IANA database, whose names are case-sensitive and capitalised; ${timeZoneFix}`;
    }
    return undefined;
}
