// Tags on every Alibaba Cloud resource, so the console and billing group them by environment.
export interface TagContext {
    stack: string;
    envName: string;
}

export function cloudTags(ctx: TagContext): Record<string, string> {
    return { "gameops.io/env": ctx.envName, "gameops.io/stack": ctx.stack, "managed-by": "pulumi" };
}

/** `gameops-<env>[-<part>...]`: the display name of a cloud resource. */
export function cloudName(ctx: TagContext, ...parts: string[]): string {
    return ["gameops", ctx.envName, ...parts].join("-");
}
