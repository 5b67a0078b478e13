// Configs the schema used to accept although the API server refuses what they make (or the object
// breaks at run time): each fails before anything is registered, with the key, the value and the fix.
import { alicloudStack, existingStack, expectProblems, withConfig, zone } from "./fixtures";

const ali = alicloudStack();
const existing = existingStack();
const cronFix = 'write five fields (minute hour day-of-month month day-of-week) such as "0 3 * * *", or a macro such as @daily';

describe("Kubernetes rules in stack config", () => {
    describe("#nodePort", () => {
        it("must refuse two zones on one node port (a node port is one Service's in the whole cluster)", () => {
            const gateway = { service: "NodePort", nodePort: 30606 };
            return expectProblems(
                withConfig(existing, {
                    "gameops:zones": [
                        { ...zone(1, "s1"), gateway },
                        { ...zone(2, "s2"), gateway },
                    ],
                }),
                [
                    "gameops:zones[1].gateway.nodePort: 30606 is already the node port of zones[0], and Kubernetes gives a node port to one Service per cluster; pick another in 30000-32767, or remove it and one is allocated",
                ],
            );
        });

        it("must refuse a node port the default ClusterIP Service would drop", () =>
            expectProblems(withConfig(existing, { "gameops:zones": [{ ...zone(1, "s1"), gateway: { nodePort: 30606 } }] }), [
                "gameops:zones[0].gateway.nodePort: 30606 would be dropped: without a load balancer (gameops:cluster.loadBalancer is none) the gateway Service is ClusterIP; set gateway.service: NodePort (or remove the nodePort)",
            ]));
    });

    describe("#cron", () => {
        it("must refuse schedules robfig/cron's standard parser (the API server's) refuses", () =>
            expectProblems(
                withConfig(ali, {
                    "gameops:zones": [
                        {
                            ...zone(101, "s101"),
                            cron: [
                                { name: "leaderboard", schedule: "99 99 * * *" },
                                { name: "directory-sweep", schedule: "a b c d e" },
                            ],
                        },
                    ],
                }),
                [
                    `gameops:zones[0].cron[0].schedule: "99 99 * * *" is not a valid cron schedule: minute 99 is outside 0-59; ${cronFix}`,
                    `gameops:zones[0].cron[1].schedule: "a b c d e" is not a valid cron schedule: minute "a" is not a number; ${cronFix}`,
                ],
            ));

        it("must refuse a time zone in the schedule, an unknown time zone and a wrongly capitalised one", () =>
            expectProblems(
                withConfig(ali, {
                    "gameops:zones": [
                        {
                            ...zone(101, "s101"),
                            cron: [
                                { name: "leaderboard", schedule: "CRON_TZ=Asia/Shanghai 0 0 * * *", timeZone: "Mars/Olympus" },
                                { name: "directory-sweep", schedule: "*/5 * * * *", timeZone: "asia/shanghai" },
                            ],
                        },
                    ],
                }),
                [
                    `gameops:zones[0].cron[0].schedule: "CRON_TZ=Asia/Shanghai 0 0 * * *" sets a time zone in the schedule (TZ= or CRON_TZ=), which the API server refuses; remove it and set the job's timeZone instead`,
                    `gameops:zones[0].cron[0].timeZone: "Mars/Olympus" is not a time zone in the IANA database; use an IANA name such as Asia/Shanghai or UTC (or remove timeZone for the controller's own zone)`,
                    `gameops:zones[0].cron[1].timeZone: "asia/shanghai" is not a time zone in the IANA database, whose names are case-sensitive; write Asia/Shanghai`,
                ],
            ));
    });

    describe("#resources", () => {
        it("must refuse a CPU or memory limit below its request, compared as quantities", () =>
            expectProblems(
                withConfig(ali, {
                    "gameops:zones": [
                        {
                            ...zone(101, "s101"),
                            gateway: { resources: { cpu: "0.5", cpuLimit: "499m" } },
                            room: { active: "a", groups: { a: { replicas: 1, resources: { memory: "1Gi", memoryLimit: "1000Mi" } } } },
                        },
                    ],
                }),
                [
                    'gameops:zones[0].gateway.resources.cpuLimit: "499m" is below the CPU request 0.5 (resources.cpu), and Kubernetes refuses a limit below its request; set cpuLimit to 0.5 or more, or remove it',
                    'gameops:zones[0].room.groups.a.resources.memoryLimit: "1000Mi" is below the memory request 1Gi (resources.memory), and Kubernetes refuses a limit below its request; set memoryLimit to 1Gi or more, or remove it',
                ],
            ));
    });

    describe("#env", () => {
        it("must refuse a stack name too long for the gameops.io/env label when gameops:env is not set", () => {
            const stack = `dev-${"b".repeat(66)}`;
            return expectProblems({ ...ali, stack }, [
                `gameops:env: is not set, so the stack name "${stack}" is the environment name, written into the gameops.io/env label of every object, and it is 70 characters long; Kubernetes label values are at most 63; set gameops:env to a short lowercase name: \`pulumi config set gameops:env dev-bbbbbbbbbbbbbbbb\``,
            ]);
        });

        it("must refuse an uppercase stack name in Elasticsearch index names when logging is on", () =>
            expectProblems({ ...withConfig(ali, { "gameops:logging": { enabled: true } }), stack: "Dev_Bob" }, [
                'gameops:env: is not set, so the stack name "Dev_Bob" is the environment name, part of every Elasticsearch index name (gameops-Dev_Bob-*), and index names must be lowercase; set gameops:env to a short lowercase name: `pulumi config set gameops:env dev-bob`',
            ]));
    });

    describe("#namespaces", () => {
        it("must refuse zones named like Kubernetes's own namespaces and, with logging on, like logging's", () =>
            expectProblems(
                withConfig(ali, {
                    "gameops:logging": { enabled: true },
                    "gameops:zones": [zone(1, "kube-system"), zone(2, "default"), zone(3, "logging"), zone(4, "elastic-system")],
                }),
                [
                    'gameops:zones[0].name: "kube-system" makes the zone\'s namespace "kube-system", which is in the kube- prefix Kubernetes reserves for its own system namespaces; rename the zone',
                    'gameops:zones[1].name: "default" makes the zone\'s namespace "default", which is the namespace Kubernetes creates in every cluster for objects that name none; rename the zone',
                    'gameops:zones[2].name: "logging" makes the zone\'s namespace "logging", which logging (gameops:logging.enabled) creates for itself; rename the zone',
                    'gameops:zones[3].name: "elastic-system" makes the zone\'s namespace "elastic-system", which logging (gameops:logging.enabled) creates for itself; rename the zone',
                ],
            ));
    });
});
