// Centralised logs for one environment: the ECK operator, Elasticsearch, Kibana and a Fluentd
// DaemonSet that ships every zone's container logs, plus a retention job.
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import type { LoggingConfig } from "./schema";

export interface LoggingArgs {
    environment: Environment;
    config: LoggingConfig;
    /** Zone names deployed in this environment (their logs land in `gameops-<env>-<zone>-*`). */
    zones: string[];
}

export class Logging extends pulumi.ComponentResource {
    constructor(name: string, args: LoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:logging:Logging", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
