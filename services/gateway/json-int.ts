// Module constants: a regex literal is a new RegExp object each time it is evaluated, and the scan
// below ran one per character (about 1.8 KB of garbage per token, in every client's handshake).
const integerLiteral = /^-?(0|[1-9][0-9]*)$/;
const scalarEnd = /[\s,}\]]/;

/**
 * Reads the integer value of a top-level member of a JSON object text without going through a JS
 * number, so int64 values keep every digit. Returns undefined when the member is absent, is not an
 * integer literal (fractions, exponents, strings), or the text is not an object. The text is expected
 * to be valid JSON already (the JWT library parsed it); nested objects and strings are skipped.
 */
export function readTopLevelInteger(json: string, key: string): bigint | undefined {
    let i = skipWs(json, 0);
    if (json[i] !== "{") return undefined;
    i++;
    let found: bigint | undefined;
    while (i < json.length) {
        i = skipWs(json, i);
        if (json[i] === "}") return found;
        if (json[i] !== '"') return undefined;
        const keyEnd = endOfString(json, i);
        if (keyEnd < 0) return undefined;
        const name = JSON.parse(json.slice(i, keyEnd)) as string;
        i = skipWs(json, keyEnd);
        if (json[i] !== ":") return undefined;
        i = skipWs(json, i + 1);
        const valueEnd = endOfValue(json, i);
        if (valueEnd < 0) return undefined;
        if (name === key) {
            // JSON.parse keeps the last duplicate; mirror that so the signed claims and ours agree.
            const literal = json.slice(i, valueEnd);
            found = integerLiteral.test(literal) ? BigInt(literal) : undefined;
        }
        i = skipWs(json, valueEnd);
        if (json[i] === ",") i++;
    }
    return undefined;
}

function skipWs(s: string, i: number): number {
    while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r")) i++;
    return i;
}

/** Index just past the closing quote of the string starting at i, or -1. */
function endOfString(s: string, i: number): number {
    for (let j = i + 1; j < s.length; j++) {
        if (s[j] === "\\") j++;
        else if (s[j] === '"') return j + 1;
    }
    return -1;
}

/** Index just past the value starting at i (string, object, array or scalar), or -1. */
function endOfValue(s: string, i: number): number {
    if (s[i] === '"') return endOfString(s, i);
    if (s[i] === "{" || s[i] === "[") {
        let depth = 0;
        for (let j = i; j < s.length; j++) {
            const c = s[j];
            if (c === '"') {
                j = endOfString(s, j) - 1;
                if (j < 0) return -1;
            } else if (c === "{" || c === "[") depth++;
            else if (c === "}" || c === "]") {
                depth--;
                if (depth === 0) return j + 1;
            }
        }
        return -1;
    }
    let j = i;
    while (j < s.length && !scalarEnd.test(s[j]!)) j++;
    return j > i ? j : -1;
}
