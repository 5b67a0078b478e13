// The retention script runs for real under /bin/sh against a stand-in `curl` that serves an index
// list and records every call (arguments and the config curl reads on stdin).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loggingNames } from "../../../components/logging/names";
import { retentionCronJobSpec, retentionImage, retentionSchedule, retentionScript } from "../../../components/logging/specs/retention";

const fakeCurl = `#!/bin/sh
# Records one line of arguments and the stdin config per call; answers _cat/indices from FAKE_INDICES.
config=$(cat)
printf '%s\\n' "$*" >> "$CALLS"
printf '%s\\n' "$config" >> "$CONFIGS"
case "$*" in
  *_cat/indices*) printf '%s\\n' $FAKE_INDICES ;;
  *"-X DELETE"*) printf '{"acknowledged":true}' ;;
esac
`;

interface Run {
    calls: string[];
    configs: string[];
    stdout: string;
}

function runScript(indices: string[], days: number, nowIso: string, password = "pw-Zx81"): Run {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gameops-retention-"));
    try {
        fs.writeFileSync(path.join(dir, "curl"), fakeCurl, { mode: 0o755 });
        const calls = path.join(dir, "calls");
        const configs = path.join(dir, "configs");
        const stdout = execFileSync("/bin/sh", ["-c", retentionScript], {
            env: {
                PATH: `${dir}:${process.env.PATH}`,
                CALLS: calls,
                CONFIGS: configs,
                FAKE_INDICES: indices.join(" "),
                ES_URL: "https://logs-es-http.logging.svc:9200",
                ES_PASSWORD: password,
                INDEX_PREFIX: "gameops-",
                RETENTION_DAYS: String(days),
                RETENTION_NOW: String(Date.parse(nowIso) / 1000),
            },
            encoding: "utf8",
        });
        const lines = (file: string) =>
            fs
                .readFileSync(file, "utf8")
                .split("\n")
                .filter((l) => l !== "");
        return { calls: lines(calls), configs: lines(configs), stdout };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const deletedBy = (run: Run) => run.calls.filter((c) => c.includes("-X DELETE")).map((c) => c.slice(c.lastIndexOf("/") + 1));

describe("Logging retention", () => {
    describe("#retentionScript", () => {
        it("must delete exactly the indices whose day is more than N days before today", () => {
            const indices = [
                "gameops-dev-s101-2026.11.22",
                "gameops-dev-s101-2026.11.15",
                "gameops-dev-s101-2026.11.14",
                "gameops-dev-system-2026.11.01",
                "gameops-dev-alice-s901-2026.10.30",
                "gameops-dev-s102-2026.11.16",
            ];
            const run = runScript(indices, 7, "2026-11-22T00:30:00Z");
            assert.deepEqual(deletedBy(run).sort(), ["gameops-dev-alice-s901-2026.10.30", "gameops-dev-s101-2026.11.14", "gameops-dev-system-2026.11.01"]);
            assert.match(run.stdout, /kept indices from 20261115 on, deleted 3/);
        });

        it("must count days across month and year boundaries", () => {
            const indices = ["gameops-prod-s1-2025.12.31", "gameops-prod-s1-2025.12.30", "gameops-prod-s1-2025.12.29", "gameops-prod-s1-2026.01.02"];
            const run = runScript(indices, 3, "2026-01-02T00:30:00Z");
            assert.deepEqual(deletedBy(run), ["gameops-prod-s1-2025.12.29"]);
            assert.match(run.stdout, /kept indices from 20251230 on, deleted 1/);
        });

        it("must leave indices without a date suffix alone", () => {
            const run = runScript(["gameops-dev-s101", "gameops-dev-s101-latest", "gameops-dev-s101-2020.01.01"], 1, "2026-11-22T00:30:00Z");
            assert.deepEqual(deletedBy(run), ["gameops-dev-s101-2020.01.01"]);
        });

        it("must list only gameops indices and name each index it deletes (no wildcard delete)", () => {
            const run = runScript(["gameops-dev-s101-2020.01.01"], 7, "2026-11-22T00:30:00Z");
            assert.match(run.calls[0], /https:\/\/logs-es-http\.logging\.svc:9200\/_cat\/indices\/gameops-\*\?h=index/);
            assert.match(run.calls[1], / -X DELETE https:\/\/logs-es-http\.logging\.svc:9200\/gameops-dev-s101-2020\.01\.01$/);
            assert.equal(run.calls.length, 2);
        });

        it("must verify TLS with ECK's CA and pass the password on stdin, never on the command line", () => {
            const run = runScript(["gameops-dev-s101-2020.01.01"], 7, "2026-11-22T00:30:00Z", "s3cr3t-Pw");
            for (const call of run.calls) {
                assert.match(call, /--cacert \/etc\/eck-ca\/ca\.crt/);
                assert.match(call, /--fail/);
                assert.doesNotMatch(call, /(^| )(-k|--insecure)( |$)/);
                assert.doesNotMatch(call, /s3cr3t-Pw/);
            }
            assert.deepEqual(run.configs, ['user = "elastic:s3cr3t-Pw"', 'user = "elastic:s3cr3t-Pw"']);
            assert.doesNotMatch(retentionScript, /(^| )(-k|--insecure)( |$)/m);
        });

        it("must fail (and delete nothing) when Elasticsearch cannot be listed", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gameops-retention-"));
            try {
                fs.writeFileSync(path.join(dir, "curl"), "#!/bin/sh\ncat > /dev/null\necho 'curl: (60) SSL certificate problem' >&2\nexit 60\n", {
                    mode: 0o755,
                });
                assert.throws(
                    () =>
                        execFileSync("/bin/sh", ["-c", retentionScript], {
                            env: {
                                PATH: `${dir}:${process.env.PATH}`,
                                ES_URL: "https://x:9200",
                                ES_PASSWORD: "p",
                                INDEX_PREFIX: "gameops-",
                                RETENTION_DAYS: "7",
                            },
                            stdio: "pipe",
                        }),
                    (err: { status: number }) => err.status === 60,
                );
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });

    describe("#retentionCronJobSpec", () => {
        const job = retentionCronJobSpec({ names: loggingNames(""), retentionDays: 14, envName: "prod" });
        const pod = job.spec.jobTemplate.spec.template.spec;
        const container = pod.containers[0];

        it("must run daily in UTC, never two at once", () => {
            assert.equal(job.spec.schedule, retentionSchedule);
            assert.match(retentionSchedule, /^\d+ \d+ \* \* \*$/);
            assert.equal(job.spec.timeZone, "Etc/UTC");
            assert.equal(job.spec.concurrencyPolicy, "Forbid");
        });

        it("must run the pinned curl image with the script and the configured days", () => {
            assert.equal(container.image, retentionImage);
            assert.match(retentionImage, /^curlimages\/curl:\d+\.\d+\.\d+$/);
            assert.deepEqual(container.command, ["/bin/sh", "-c", retentionScript]);
            const env = Object.fromEntries(container.env.map((e) => [e.name, e.value ?? e.valueFrom]));
            assert.equal(env.RETENTION_DAYS, "14");
            assert.equal(env.ES_URL, "https://logs-es-http.logging.svc:9200");
            assert.equal(env.INDEX_PREFIX, "gameops-");
            assert.deepEqual(env.ES_PASSWORD, { secretKeyRef: { name: "logs-es-elastic-user", key: "elastic" } });
            assert.equal("RETENTION_NOW" in env, false);
        });

        it("must mount ECK's CA read-only and run non-root on a read-only root filesystem", () => {
            assert.deepEqual(container.volumeMounts, [{ name: "eck-ca", mountPath: "/etc/eck-ca", readOnly: true }]);
            assert.deepEqual(pod.volumes[0].secret, { secretName: "logs-es-http-certs-public", items: [{ key: "ca.crt", path: "ca.crt" }] });
            assert.equal(pod.securityContext.runAsNonRoot, true);
            assert.ok(pod.securityContext.runAsUser > 0);
            assert.equal(container.securityContext.readOnlyRootFilesystem, true);
            assert.equal(container.securityContext.allowPrivilegeEscalation, false);
            assert.equal(pod.automountServiceAccountToken, false);
        });
    });
});
