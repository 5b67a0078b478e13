// The API server's rules as the config loader mirrors them: robfig/cron's standard parser, the
// CronJob time zone check, quantity comparison, label values, reserved namespaces.
import { strict as assert } from "node:assert";
import { cronScheduleProblem } from "../../../components/primitives/cron";
import { compareQuantities, labelValueProblem, reservedNamespaceProblem, timeZoneProblem } from "../../../components/primitives/kubernetes";
import { envNameProblems, suggestedEnv } from "../../../components/stack/rules";

describe("Kubernetes rules", () => {
    describe("#cronScheduleProblem", () => {
        it("must accept what robfig/cron ParseStandard accepts", () => {
            for (const schedule of [
                "0 0 * * *",
                "*/5 * * * *",
                "0 3 * * mon-fri",
                "0 0 1 JAN,jul ?",
                "5-55/10 0-23/2 1-31 1-12 0-6",
                "7/15 * * * *",
                "1,,2 * * * *",
                "+5 * * * *",
                " 0 0 * * * ",
                "0 0 30 2 1",
                "0 0 29 2 *",
                "@daily",
                "@midnight",
                "@annually",
                "@every 1h30m",
                "@every 90s",
            ]) {
                assert.equal(cronScheduleProblem(schedule), undefined, schedule);
            }
        });

        it("must refuse what it refuses, naming the field", () => {
            const refused: Record<string, string> = {
                "99 99 * * *": "minute 99 is outside 0-59",
                "0 24 * * *": "hour 24 is outside 0-23",
                "0 0 0 * *": "day-of-month 0 is outside 1-31",
                "0 0 * 13 *": "month 13 is outside 1-12",
                "0 0 * * 7": "day-of-week 7 is outside 0-6 (Sunday is 0 or sun)",
                "a b c d e": 'minute "a" is not a number',
                "0 0 * * funday": 'day-of-week "funday" is not a number or a day name (sun-sat)',
                "0 0 * foo *": 'month "foo" is not a number or a month name (jan-dec)',
                "5-2 * * * *": 'minute range "5-2" starts after it ends (5 > 2)',
                "*/0 * * * *": 'minute step in "*/0" is 0, and a step must be positive',
                "*/x * * * *": 'minute step "x" is not a number',
                "1-2-3 * * * *": 'minute "1-2-3" has too many hyphens',
                "1/2/3 * * * *": 'minute "1/2/3" has too many slashes',
            };
            for (const [schedule, why] of Object.entries(refused)) {
                assert.equal(
                    cronScheduleProblem(schedule),
                    `is not a valid cron schedule: ${why}; write five fields (minute hour day-of-month month day-of-week) such as "0 3 * * *", or a macro such as @daily`,
                );
            }
        });

        it("must refuse the wrong field count, unknown macros, TZ in the schedule and schedules that never run", () => {
            assert.match(cronScheduleProblem("0 0 * *") ?? "", /^has 4 fields, not 5; write five fields/);
            assert.match(cronScheduleProblem("0 0 * * * *") ?? "", /^has 6 fields, not 5;/);
            assert.equal(
                cronScheduleProblem("@fortnightly"),
                "is not a cron macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration> such as @every 1h30m",
            );
            assert.match(cronScheduleProblem("@every soon") ?? "", /^is not a cron macro;/);
            assert.match(cronScheduleProblem("@Daily") ?? "", /^is not a cron macro;/);
            assert.match(cronScheduleProblem("TZ=UTC 0 0 * * *") ?? "", /^sets a time zone in the schedule/);
            assert.match(cronScheduleProblem("0 0 30 2 *") ?? "", /^is a schedule that never runs: no month it names has that day of the month;/);
            assert.match(cronScheduleProblem("0 0 31 4,6,9,11 *") ?? "", /never runs/);
            assert.match(cronScheduleProblem(", * * * *") ?? "", /^is a schedule that never runs: its minute field names no value;/);
        });
    });

    describe("#timeZoneProblem", () => {
        it("must accept IANA names, links and Etc zones", () => {
            for (const tz of [
                "Asia/Shanghai",
                "UTC",
                "Etc/GMT+5",
                "Asia/Kolkata",
                "Asia/Calcutta",
                "America/Argentina/ComodRivadavia",
                "America/Port-au-Prince",
            ]) {
                assert.equal(timeZoneProblem(tz), undefined, tz);
            }
        });
        it("must refuse unknown, local, malformed and wrongly capitalised names", () => {
            assert.match(timeZoneProblem("Mars/Olympus") ?? "", /^is not a time zone in the IANA database;/);
            assert.match(timeZoneProblem("Local") ?? "", /^is not allowed: a CronJob needs an explicit time zone;/);
            assert.match(timeZoneProblem("+05:00") ?? "", /^is not an IANA time zone name/);
            assert.match(timeZoneProblem("../etc/passwd") ?? "", /^is not an IANA time zone name/);
            assert.match(timeZoneProblem("America/ThisPartIsTooLong") ?? "", /^is not an IANA time zone name/);
            assert.equal(timeZoneProblem("asia/shanghai"), "is not a time zone in the IANA database, whose names are case-sensitive; write Asia/Shanghai");
            assert.match(timeZoneProblem("asia/kolkata") ?? "", /case-sensitive and capitalised/);
        });
    });

    describe("#compareQuantities", () => {
        it("must compare quantities as numbers, across units", () => {
            assert.equal(compareQuantities("500m", "0.5"), 0);
            assert.equal(compareQuantities("499m", "0.5"), -1);
            assert.equal(compareQuantities("1.1", "1100m"), 0);
            assert.equal(compareQuantities("1Gi", "1024Mi"), 0);
            assert.equal(compareQuantities("1000Mi", "1Gi"), -1);
            assert.equal(compareQuantities("1G", "1Gi"), -1);
            assert.equal(compareQuantities("1e3", "1k"), 0);
            assert.equal(compareQuantities("half", "1"), undefined);
        });
    });

    describe("#labels and namespaces", () => {
        it("must check label values like IsValidLabelValue", () => {
            assert.equal(labelValueProblem("Dev_Bob.1"), undefined);
            assert.equal(labelValueProblem(""), undefined);
            assert.equal(labelValueProblem("a".repeat(63)), undefined);
            assert.equal(labelValueProblem("a".repeat(64)), "is 64 characters long; Kubernetes label values are at most 63");
            assert.match(labelValueProblem("dev.") ?? "", /^is not a Kubernetes label value/);
            assert.match(labelValueProblem("_dev") ?? "", /^is not a Kubernetes label value/);
        });
        it("must reserve default and kube-*", () => {
            assert.ok(reservedNamespaceProblem("default"));
            assert.ok(reservedNamespaceProblem("kube-node-lease"));
            assert.equal(reservedNamespaceProblem("kubeflow"), undefined);
        });
        it("must suggest a short lowercase env, and leave a set env alone", () => {
            assert.equal(suggestedEnv("Dev_Bob"), "dev-bob");
            assert.equal(suggestedEnv("123"), "dev");
            assert.deepEqual(envNameProblems("Dev_Bob", "dev-bob", true), []);
            assert.deepEqual(envNameProblems("Dev_Bob", undefined, false), []);
        });
    });
});
