// Stack config for a zone's `gateway`: replicas and the autoscaler, the port players connect to, the
// Service type and the load balancer it binds.
import { z } from "zod";
import { imageTag, port } from "../primitives/patterns";
import { contract } from "../primitives/service-contract";
import { resources } from "./resources-schema";

/** The SLB spec of a zone that names none (alicloud, or an existing cluster on alicloud-slb). */
const defaultSlbSpec = "slb.s2.small";

export const gatewaySchema = z
    .object({
        tag: imageTag.optional(),
        replicas: z.number().int().min(0).max(200).default(2),
        // The HPA's ceiling; its floor is `replicas`. Without it the gateway stays at `replicas`.
        maxReplicas: z.number().int().min(1).max(500).optional(),
        // Average CPU utilisation (% of the request) the HPA keeps the gateways at.
        cpuTarget: z.number().int().min(10).max(100).default(70),
        port: port.default(60006),
        // Default: LoadBalancer when the environment binds load balancers, ClusterIP otherwise.
        service: z.enum(["LoadBalancer", "NodePort", "ClusterIP"]).optional(),
        nodePort: z.number().int().min(30000).max(32767).optional(),
        // Always resolved (spec defaults here, once), so no consumer has a fallback of its own.
        loadBalancer: z
            .object({
                id: z.string().min(1).optional(),
                spec: z.string().default(defaultSlbSpec),
            })
            .strict()
            .prefault({}),
        resources: resources({ cpu: "250m", memory: "256Mi" }),
    })
    .strict()
    .superRefine((g, ctx) => {
        if (g.maxReplicas !== undefined && g.replicas === 0) {
            // The API server refuses an HPA with minReplicas 0 unless the alpha HPAScaleToZero gate is on.
            ctx.addIssue({
                code: "custom",
                path: ["maxReplicas"],
                input: g.maxReplicas,
                message: `is set while replicas is 0, and an autoscaler cannot scale up from 0 (Kubernetes requires minReplicas >= 1), so none would be made; set replicas to 1 or more, or remove maxReplicas to keep the gateway stopped`,
            });
        } else if (g.maxReplicas !== undefined && g.maxReplicas < g.replicas) {
            ctx.addIssue({
                code: "custom",
                path: ["maxReplicas"],
                input: g.maxReplicas,
                message: `is below replicas ${g.replicas}, and the autoscaler's ceiling must be at least its floor; set maxReplicas to ${g.replicas} or more`,
            });
        }
        if (g.port === contract.adminPort) {
            ctx.addIssue({
                code: "custom",
                path: ["port"],
                input: g.port,
                message: `is the gateway's admin port (ADMIN_PORT, probes and /metrics); use another port such as the default 60006`,
            });
        }
        if (g.nodePort !== undefined && g.service === "ClusterIP") {
            ctx.addIssue({
                code: "custom",
                path: ["nodePort"],
                input: g.nodePort,
                message: `needs service NodePort or LoadBalancer; remove it or set gateway.service: NodePort`,
            });
        }
    });

export type ZoneGatewayConfig = z.output<typeof gatewaySchema>;
