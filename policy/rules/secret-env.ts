// A variable whose name says it holds a secret takes its value from a Secret: a literal `value`
// sits in plaintext in the Pulumi state, the pod spec, `kubectl get -o yaml` and every diff.
import { resourcePolicy } from "../lib/define";
import { asArray, at, describe, isRecord, type PolicyResourceLike } from "../lib/resource";
import { containersOf, podSpecOf } from "../lib/workloads";

// PASSWORD, TOKEN and SECRET anywhere in the name; KEY only as a whole `_`-separated part or a known
// compound (JWT_KEY, API_KEY, APIKEY, PRIVATEKEY), so KEYSPACE or MONKEY_COUNT are not taken for secrets.
const secretWords = /PASSWORD|PASSWD|TOKEN|SECRET/i;
const keyPart = /^(?:|API|PRIVATE|ACCESS|SIGNING|ENCRYPTION|MASTER)KEY$/i;

export function looksSecret(name: string): boolean {
    return secretWords.test(name) || name.split(/[_.-]/).some((part) => keyPart.test(part));
}

export function checkSecretEnv(resource: PolicyResourceLike): string[] {
    const pod = podSpecOf(resource);
    if (!pod) return [];
    const violations: string[] = [];
    for (const { path, label, container } of containersOf(pod)) {
        asArray(container.env).forEach((entry, i) => {
            if (!isRecord(entry) || typeof entry.name !== "string" || !looksSecret(entry.name)) return;
            if (at(entry, "valueFrom", "secretKeyRef") !== undefined) return;
            const where = `${describe(resource)} ${label}: env ${entry.name} (${path}.env[${i}])`;
            const fix = "put the value in a Secret and set valueFrom.secretKeyRef { name, key } instead";
            if (entry.value !== undefined) {
                // Never echo the value: the message lands in CI logs and PR comments.
                const length = typeof entry.value === "string" ? `${entry.value.length} characters` : typeof entry.value;
                violations.push(`${where} has a literal value (${length}, not shown); a secret-looking variable must come from a Secret: ${fix}`);
            } else {
                const sources = isRecord(entry.valueFrom) ? Object.keys(entry.valueFrom).map((k) => `valueFrom.${k}`) : [];
                violations.push(`${where} comes from ${sources.length > 0 ? sources.join(", ") : "nothing"}, not a Secret; ${fix}`);
            }
        });
    }
    return violations;
}

export const secretEnvPolicy = resourcePolicy(
    {
        name: "gameops-secret-env-from-secret",
        description:
            "A container env var whose name looks secret (PASSWORD, TOKEN, SECRET, or a KEY part) comes from valueFrom.secretKeyRef, never a literal value.",
        enforcementLevel: "mandatory",
        remediationSteps: "Store the value in a Kubernetes Secret (from a Pulumi secret) and reference it with valueFrom.secretKeyRef.",
    },
    checkSecretEnv,
);
