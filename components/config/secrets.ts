// The one check of whether a `gameops:` key was set with --secret, and the one way a secret key is
// read: the loader, the cross-key checks and a zone's external-Redis password use these.
import * as pulumi from "@pulumi/pulumi";
import { configNamespace } from "../primitives/config-keys";

// The SDK knows which keys were set with --secret but marks the check @internal; it is stable across
// 3.x and is the only way to refuse a secret pasted in plaintext before it reaches state.
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/** Whether a fully qualified key (`gameops:jwtKey`) was set with `--secret`. */
export function isSecretConfig(fullKey: string): boolean {
    return runtimeConfig.isConfigSecret(fullKey);
}

/** A secret `gameops:<key>` as a Pulumi secret Output. */
export function requireSecretConfig(key: string): pulumi.Output<string> {
    return new pulumi.Config(configNamespace).requireSecret(key);
}
