// ZoneGateway: the JWT Secret, the routing ConfigMap, the gateway Deployment, its Service, HPA and PDB.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import type { ZoneGatewayConfig, ZoneConfig } from "./schema";
import type { ZoneContext } from "./specs/context";
import { serviceHost } from "./specs/context";
import { gatewayAutoscaled, gatewayDeploymentArgs, gatewayHpaArgs, gatewayPdbArgs, jwtSecretArgs } from "./specs/gateway";
import { gatewayServiceArgs, gatewayServiceType } from "./specs/gateway-service";
import { routingConfigMapArgs } from "./specs/routing";
import { names } from "./names";

export interface ZoneGatewayArgs {
    environment: Environment;
    ctx: ZoneContext;
    gateway: ZoneGatewayConfig;
    room: ZoneConfig["room"];
    image: pulumi.Input<string>;
    jwtKey: pulumi.Output<string>;
    /** A room group has a direct port: the gateway signs seat tickets with the zone's key (RoomTickets, in dependsOn), this version of it. */
    ticketKeyVersion?: pulumi.Input<string>;
    /** The zone's load balancer id, when the environment binds one. */
    loadBalancerId?: pulumi.Input<string>;
    dependsOn: pulumi.Resource[];
}

export class ZoneGateway extends pulumi.ComponentResource {
    /** Where players connect: the load balancer's address, or the Service's cluster DNS name, with the port. */
    readonly address: pulumi.Output<string>;

    constructor(name: string, args: ZoneGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:zone:ZoneGateway", name, {}, opts);
        const env = args.environment;
        const k8sOpts = { parent: this, provider: env.k8sProvider, dependsOn: args.dependsOn };
        const jwt = new k8s.core.v1.Secret(`${name}-jwt`, jwtSecretArgs(args.ctx, pulumi.secret(args.jwtKey)), k8sOpts);
        const routing = new k8s.core.v1.ConfigMap(`${name}-routing`, routingConfigMapArgs(args.ctx, args.room), k8sOpts);
        // The pods need the Secret and ConfigMap to start; the ConfigMap's content is not part of the
        // pod template, so a new routing policy reaches the pods through the mount without a rollout.
        const deployment = new k8s.apps.v1.Deployment(name, gatewayDeploymentArgs(args.ctx, args.gateway, args.image, args.ticketKeyVersion), {
            ...k8sOpts,
            dependsOn: [...args.dependsOn, jwt, routing],
        });
        const service = new k8s.core.v1.Service(name, gatewayServiceArgs(args.ctx, args.gateway, env.loadBalancerVendor, args.loadBalancerId), k8sOpts);
        if (gatewayAutoscaled(args.gateway)) {
            new k8s.autoscaling.v2.HorizontalPodAutoscaler(name, gatewayHpaArgs(args.ctx, args.gateway), {
                ...k8sOpts,
                dependsOn: [...args.dependsOn, deployment],
            });
        }
        if (args.gateway.replicas > 0) {
            new k8s.policy.v1.PodDisruptionBudget(name, gatewayPdbArgs(args.ctx), k8sOpts);
        }

        const port = args.gateway.port;
        const internal = `${serviceHost(names.gateway, args.ctx.namespace)}:${port}`;
        this.address =
            gatewayServiceType(args.gateway, env.loadBalancerVendor) === "LoadBalancer"
                ? service.status.apply((status) => {
                      const ingress = status?.loadBalancer?.ingress?.[0];
                      const host = ingress?.ip ?? ingress?.hostname;
                      return host !== undefined ? `${host}:${port}` : internal;
                  })
                : pulumi.output(internal);
        this.registerOutputs({ address: this.address });
    }
}
