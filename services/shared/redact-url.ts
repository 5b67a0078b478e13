// A connection URL as it may be shown in an error or a log line: every part that can hold a
// credential is masked.
//
// The user:password part is taken to run up to the LAST "@": a password typed into a Secret is
// often not percent-encoded, and its "#", "/", "?" or "@" would otherwise end the userinfo early
// (or make the URL unparsable) and print the rest of the password. Masking too much of a URL
// whose path or query holds an "@" costs nothing; printing a password cannot be undone.
const querySecret = /([?&](?:password|pass|pwd|secret|token|auth)=)[^&]*/gi;

export function redactUrl(raw: string): string {
    const schemeEnd = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(raw)?.[0].length ?? 0;
    const at = raw.lastIndexOf("@");
    const masked = at >= schemeEnd ? `${raw.slice(0, schemeEnd)}***${raw.slice(at)}` : raw;
    return masked.replace(querySecret, "$1***");
}
