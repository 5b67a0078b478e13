// The environment component: every resource a stack's environment owns (Alibaba network, registry,
// cluster, SLBs; the one Kubernetes provider; a fork's StackReference) is its child, so nothing floats
// at the stack root. Each child that used to sit at the root carries an alias to its old URN, so an
// existing stack keeps its resources (`pulumi preview` shows no replacement); test/program/urns proves it.
import * as pulumi from "@pulumi/pulumi";
import type { Environment, EnvironmentOutputs, EnvironmentResult } from "../environment";
import type { StackConfig } from "../stack/schema";
import { alicloudEnvironment } from "./alicloud";
import { existingEnvironment } from "./existing";
import { forkEnvironment } from "./fork";
import { tencentcloudEnvironment } from "./tencentcloud";

export class StackEnvironment extends pulumi.ComponentResource {
    /** What zones and logging are built against; set once the environment's children exist. */
    environment!: Environment;
    /** What the stack exports about its environment (what a fork of it reads). */
    outputs!: EnvironmentOutputs;

    private constructor(name: string, cloud: StackConfig["cloud"], opts?: pulumi.ComponentResourceOptions) {
        super("gameops:environment:StackEnvironment", name, { cloud }, opts);
    }

    /** Builds the stack's environment for its cloud (alicloud, tencentcloud, existing, or a fork of another stack). */
    static async create(name: string, config: StackConfig, opts?: pulumi.ComponentResourceOptions): Promise<StackEnvironment> {
        const component = new StackEnvironment(name, config.cloud, opts);
        const built = await build(component, config);
        component.environment = built.environment;
        component.outputs = built.outputs;
        component.registerOutputs({ ...built.outputs });
        return component;
    }
}

function build(component: StackEnvironment, config: StackConfig): EnvironmentResult | Promise<EnvironmentResult> {
    switch (config.cloud) {
        case "alicloud":
            return alicloudEnvironment(component, config);
        case "tencentcloud":
            return tencentcloudEnvironment(component, config);
        case "existing":
            return existingEnvironment(component, config);
        case "fork":
            return forkEnvironment(component, config);
    }
}
