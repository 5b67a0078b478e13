// The Pulumi side of every Tencent Cloud dynamic resource: type token `pulumi-nodejs:dynamic/tencentcloud:<Kind>`,
// the connection inputs every kind takes, and the outputs that must stay secret in the state.
import * as pulumi from "@pulumi/pulumi";

/** Region and credentials for every Tencent Cloud resource of the stack; credentials are a secret Output. */
export interface TencentConnection {
    region: string;
    /** From `tencentcloud:secretId` / `tencentcloud:secretKey`; absent: the provider reads TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY. */
    credentials?: pulumi.Output<{ secretId: string; secretKey: string }>;
}

/** Outputs no kind may store in plaintext: the credentials it was given, a kubeconfig, a registry token. */
const secretOutputs = ["credentials", "kubeconfig", "password"];

export class TencentResource extends pulumi.dynamic.Resource {
    constructor(
        provider: pulumi.dynamic.ResourceProvider,
        kind: string,
        name: string,
        connection: TencentConnection,
        inputs: Record<string, pulumi.Input<unknown>>,
        outputKeys: readonly string[],
        opts?: pulumi.CustomResourceOptions,
    ) {
        const props: Record<string, pulumi.Input<unknown>> = { region: connection.region, ...inputs };
        if (connection.credentials !== undefined) props.credentials = connection.credentials;
        for (const key of outputKeys) props[key] = undefined;
        const secrets = secretOutputs.filter((key) => key in props);
        super(provider, name, props, { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] }, "tencentcloud", kind);
    }

    /** One of the kind's outputs (or inputs) as an Output. */
    output<T>(key: string): pulumi.Output<T> {
        return (this as unknown as Record<string, pulumi.Output<T>>)[key];
    }
}
