// How an environment builder registers a resource under the environment component.
import * as pulumi from "@pulumi/pulumi";

/**
 * Options for a child of the environment component that sat at the stack root before the component
 * existed: the alias to the root keeps its URN's history (and its children's), so no replacement.
 */
export function environmentChild<T extends pulumi.ResourceOptions>(parent: pulumi.ComponentResource, opts: T = {} as T): T {
    return { ...opts, parent, aliases: [...(opts.aliases ?? []), { parent: pulumi.rootStackResource }] };
}
