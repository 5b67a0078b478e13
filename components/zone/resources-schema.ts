// Stack config for a container's requests and limits (`resources` of a room group, the gateway and
// an in-cluster Redis). Messages follow the offending value: the formatter prints `<key>: <value> <message>`.
import { z } from "zod";
import { compareQuantities } from "../primitives/kubernetes";
import { cpuQuantity, memoryQuantity } from "../primitives/patterns";

const cpu = cpuQuantity();
const memory = memoryQuantity();

/**
 * Requests (what the scheduler reserves) and optional limits. Memory is limited to the request by
 * default (an over-committed game server is OOM-killed mid-round); CPU has no limit unless set,
 * because CFS throttling shows up as tick jitter for every room on the pod.
 */
export const resources = (defaults: { cpu: string; memory: string }) =>
    z
        .object({
            cpu: cpu.default(defaults.cpu),
            memory: memory.default(defaults.memory),
            cpuLimit: cpu.optional(),
            memoryLimit: memory.optional(),
        })
        .strict()
        .superRefine((r, ctx) => {
            // The API server's ValidateResourceRequirements: a limit "must be greater than or equal to"
            // its request, compared as quantities (500m = 0.5).
            for (const [limitKey, requestKey, what] of [
                ["cpuLimit", "cpu", "CPU"],
                ["memoryLimit", "memory", "memory"],
            ] as const) {
                const limit = r[limitKey];
                if (limit === undefined || compareQuantities(limit, r[requestKey]) !== -1) continue;
                ctx.addIssue({
                    code: "custom",
                    path: [limitKey],
                    input: limit,
                    message: `is below the ${what} request ${r[requestKey]} (resources.${requestKey}), and Kubernetes refuses a limit below its request; set ${limitKey} to ${r[requestKey]} or more, or remove it`,
                });
            }
        })
        .prefault({});

export type ResourcesConfig = z.output<ReturnType<typeof resources>>;
