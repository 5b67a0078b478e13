// The OpenKruise Game platform add-on of one environment: OpenKruise, then kruise-game (its controller
// needs OpenKruise's Advanced StatefulSet), each in its own namespace. Registered when any zone of the
// stack uses `room.engine: okg`; the zones' GameServerSets wait for it.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import { kruiseGameReleaseSpec, kruiseReleaseSpec, okgLabels, okgNamespaces } from "./specs/releases";

export interface OkgPlatformArgs {
    environment: Environment;
}

export class OkgPlatform extends pulumi.ComponentResource {
    /** The kruise-game release: what a GameServerSet needs to exist (its CRD) and to be acted on. */
    readonly kruiseGame: k8s.helm.v3.Release;
    readonly kruiseVersion: pulumi.Output<string>;
    readonly kruiseGameVersion: pulumi.Output<string>;

    constructor(name: string, args: OkgPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:okg:OkgPlatform", name, {}, opts);
        const env = args.environment;
        // The releases own the CRDs: deleting one deletes every GameServerSet, so prod protects them.
        const child = (dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({
            parent: this,
            provider: env.k8sProvider,
            protect: env.protect,
            dependsOn,
        });
        const kruiseNs = new k8s.core.v1.Namespace(
            `${name}-kruise-ns`,
            { metadata: { name: okgNamespaces.kruise, labels: okgLabels(env.envName, "kruise") } },
            child(),
        );
        const gameNs = new k8s.core.v1.Namespace(
            `${name}-kruise-game-ns`,
            { metadata: { name: okgNamespaces.kruiseGame, labels: okgLabels(env.envName, "kruise-game") } },
            child(),
        );
        const kruise = new k8s.helm.v3.Release(`${name}-kruise`, kruiseReleaseSpec(), child([kruiseNs]));
        this.kruiseGame = new k8s.helm.v3.Release(`${name}-kruise-game`, kruiseGameReleaseSpec(), child([gameNs, kruise]));
        this.kruiseVersion = kruise.version as pulumi.Output<string>;
        this.kruiseGameVersion = this.kruiseGame.version as pulumi.Output<string>;
        this.registerOutputs({ kruiseVersion: this.kruiseVersion, kruiseGameVersion: this.kruiseGameVersion });
    }
}
