// One game zone: its own namespace on the environment's cluster holding the zone's Redis, gateway,
// A/B room groups and cron jobs. Every release is a change of the zone's stack config.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import { ZoneCron } from "./cron";
import { ZoneGateway } from "./gateway";
import { image, resolvedTag } from "./images";
import { names } from "./names";
import { ZoneNamespace } from "./namespace";
import { ZoneRedis } from "./redis";
import { OkgRoomGroup } from "./okg-room-group";
import { RoomGroup } from "./room-group";
import { RoomTickets } from "./room-tickets";
import { roomGroupNames, type RoomGroupConfig, type RoomGroupName, type ZoneConfig } from "./schema";
import type { ZoneContext } from "./specs/context";
import { redisEndpoint } from "./specs/redis";
import { roomVersionsConfigMapArgs, versionsDocument } from "./specs/room-game-server-set";
import { requireSecretConfig } from "../config/secrets";
import { zoneProblems } from "./rules";

export interface GameZoneArgs {
    environment: Environment;
    zone: ZoneConfig;
    /** The OpenKruise Game releases (components/okg) an okg zone's GameServerSets wait for; none on a fork (the parent's serve it). */
    okgPlatform?: pulumi.Resource;
}

export interface RoomGroupOutputs {
    tag: string;
    replicas: number;
}

export interface ZoneOutputs {
    namespace: string;
    gatewayAddress: string;
    activeGroup: RoomGroupName;
    groups: Partial<Record<RoomGroupName, RoomGroupOutputs>>;
}

export class GameZone extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly gatewayAddress: pulumi.Output<string>;
    readonly activeGroup: pulumi.Output<RoomGroupName>;
    /** Per declared group: the tag its pods run (canary pods aside) and its replica count. */
    readonly groups: pulumi.Output<Partial<Record<RoomGroupName, RoomGroupOutputs>>>;
    /** Everything above as one typed value, for the stack outputs. */
    readonly outputs: pulumi.Output<ZoneOutputs>;

    constructor(name: string, args: GameZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        // Refuse before anything of this zone is registered: a bad zone changes nothing.
        const problems = zoneProblems(args.environment, args.zone);
        if (problems.length > 0) throw new pulumi.RunError(problems.join("\n"));
        super("gameops:zone:GameZone", name, {}, opts);

        const env = args.environment;
        const zone = args.zone;
        const ctx: ZoneContext = {
            id: { zone: zone.name, envName: env.envName },
            namespace: names.namespace(env.namePrefix, zone.name),
            ...(env.registry.pullCredentials !== undefined ? { pullSecret: names.pullSecret } : {}),
            redis: redisEndpoint(names.namespace(env.namePrefix, zone.name), zone.redis),
        };
        const child = { parent: this };
        const declared = roomGroupNames.flatMap((group) => (zone.room.groups[group] !== undefined ? [{ group, config: zone.room.groups[group] }] : []));
        // Room groups whose players may play on the room servers' own ports (okg with a network; services/direct-rooms.md).
        const directPorts = Object.fromEntries(declared.flatMap(({ group, config }) => (config.direct !== undefined ? [[group, config.direct.port]] : [])));

        const ns = new ZoneNamespace(
            `${name}-namespace`,
            {
                environment: env,
                ctx,
                policies: {
                    gatewayPort: zone.gateway.port,
                    directPorts,
                    ...(zone.redis.mode === "external" ? { externalRedis: { host: zone.redis.host, port: zone.redis.port } } : {}),
                },
            },
            child,
        );
        const inNamespace = [ns];

        const externalPassword =
            zone.redis.mode === "external" && zone.redis.passwordKey !== undefined ? requireSecretConfig(zone.redis.passwordKey) : undefined;
        const redis = new ZoneRedis(`${name}-redis`, { environment: env, ctx, config: zone.redis, externalPassword, dependsOn: inNamespace }, child);
        // The services start only once Redis and its Secret exist (they exit 1 without them).
        const withData: pulumi.Resource[] = [ns, redis];
        // Every okg zone keeps its ticket key, direct groups or not (room-tickets.ts says why).
        const tickets =
            zone.room.engine === "okg" ? new RoomTickets(`${name}-room-tickets`, { environment: env, ctx, dependsOn: inNamespace }, child) : undefined;
        const anyDirect = Object.keys(directPorts).length > 0;
        // The gateway and the direct groups read the ticket key: they start once its Secret exists.
        const withTickets: pulumi.Resource[] = tickets !== undefined ? [...withData, tickets] : withData;

        const prefix = env.registry.imagePrefix;
        const gateway = new ZoneGateway(
            `${name}-gateway`,
            {
                environment: env,
                ctx,
                gateway: zone.gateway,
                room: zone.room,
                image: image(this, { prefix, service: "gateway", tags: [zone.gateway.tag, zone.tag, env.imageTag] }),
                // zoneProblems refused an environment without a key before anything was registered.
                jwtKey: env.jwtKey as pulumi.Output<string>,
                ...(tickets !== undefined && anyDirect ? { ticketKeyVersion: tickets.keyVersion } : {}),
                loadBalancerId: env.loadBalancerIds[zone.name],
                dependsOn: withTickets,
            },
            child,
        );

        const groups: Partial<Record<RoomGroupName, RoomGroup | OkgRoomGroup>> = {};
        const groupTags = (config: RoomGroupConfig): [string | undefined, string | undefined, pulumi.Input<string>] => [config.tag, zone.tag, env.imageTag];
        const okgDeps: pulumi.Resource[] = [];
        if (zone.room.engine === "okg") {
            const versions = pulumi.all(
                Object.fromEntries(
                    declared.map(({ group, config }) => [group, { version: resolvedTag(groupTags(config)), release: config.release ?? "rolling" }]),
                ),
            );
            const document = versions.apply((v) => versionsDocument(v as Parameters<typeof versionsDocument>[0]));
            okgDeps.push(
                new k8s.core.v1.ConfigMap(`${name}-room-versions`, roomVersionsConfigMapArgs(ctx, document), {
                    parent: this,
                    provider: env.k8sProvider,
                    dependsOn: inNamespace,
                }),
            );
            if (args.okgPlatform !== undefined) okgDeps.push(args.okgPlatform);
        }
        for (const { group, config } of declared) {
            const tags = groupTags(config);
            const common = {
                environment: env,
                ctx,
                group,
                config,
                drainSeconds: zone.room.drainSeconds,
                image: image(this, { prefix, service: "room", tags }),
                tag: resolvedTag(tags),
            };
            groups[group] =
                zone.room.engine === "okg"
                    ? new OkgRoomGroup(
                          `${name}-room-${group}`,
                          {
                              ...common,
                              rulesImage: image(this, { prefix, service: "rules", tags: [config.rulesTag, ...tags] }),
                              ...(tickets !== undefined ? { ticketKeyVersion: tickets.keyVersion } : {}),
                              dependsOn: [...withTickets, ...okgDeps],
                          },
                          child,
                      )
                    : new RoomGroup(`${name}-room-${group}`, { ...common, dependsOn: withData }, child);
        }

        new ZoneCron(
            `${name}-cron`,
            {
                environment: env,
                ctx,
                jobs: zone.cron.map((job) => ({ job, image: image(this, { prefix, service: "cron", tags: [job.tag, zone.tag, env.imageTag] }) })),
                dependsOn: withData,
            },
            child,
        );

        this.namespace = ns.namespace;
        this.gatewayAddress = gateway.address;
        this.activeGroup = pulumi.output(zone.room.active as RoomGroupName);
        this.groups = pulumi.output(Object.fromEntries(Object.entries(groups).map(([g, rg]) => [g, { tag: rg.tag, replicas: rg.replicas }]))) as pulumi.Output<
            Partial<Record<RoomGroupName, RoomGroupOutputs>>
        >;
        this.outputs = pulumi.output({
            namespace: this.namespace,
            gatewayAddress: this.gatewayAddress,
            activeGroup: this.activeGroup,
            groups: this.groups,
        }) as pulumi.Output<ZoneOutputs>;
        this.registerOutputs({ outputs: this.outputs });
    }
}
