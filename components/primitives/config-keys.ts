// The stack config's namespace: every key of the product is `gameops:<key>` in Pulumi.<stack>.yaml.
// Defined once; the loader, the rules' messages and the zone's external-Redis password read it here.
export const configNamespace = "gameops";
