// The layers of the Pulumi program (README, "Layers"), lowest first. A module may import only from
// its own layer or the layers below it; no import circle anywhere (type-only imports included);
// product code never imports tests. `npm run lint:deps` checks it; `npm test` runs that first.
const layers = [
    { name: "primitives", path: "^components/primitives/" },
    { name: "schemas", path: "^components/[a-z]+/[a-z-]*schema\\.ts$" },
    { name: "rules-and-specs", path: "^components/(environment\\.ts$|[a-z]+/[a-z-]*(rules|names)\\.ts$|[a-z]+/specs/)" },
    { name: "config-loader", path: "^components/config/" },
    { name: "components", path: "^components/(alicloud|cluster|logging|okg|tencentcloud|zone)/" },
    { name: "environment-builders", path: "^components/environments/" },
    { name: "program", path: "^index\\.ts$" },
];

// A path in layer i is matched by layers[i].path and by no lower layer's path (schema files live in
// the component folders, so the component layer's pattern also matches them).
const pathOf = (i) => layers[i].path;
const lowerPaths = (i) => layers.slice(0, i).map((l) => l.path);

const layerRules = layers.slice(0, -1).map((layer, i) => ({
    name: `layer-${layer.name}`,
    comment: `${layer.name} may import only from ${layers
        .slice(0, i + 1)
        .map((l) => l.name)
        .join(", ")}`,
    severity: "error",
    from: i === 0 ? { path: pathOf(i) } : { path: pathOf(i), pathNot: lowerPaths(i) },
    to: { path: layers.slice(i + 1).map((l) => l.path), pathNot: layers.slice(0, i + 1).map((l) => l.path) },
}));

module.exports = {
    forbidden: [
        {
            name: "no-circular",
            comment: "an import circle (a type-only import closes one too): move the shared part down a layer",
            severity: "error",
            from: {},
            to: { circular: true },
        },
        ...layerRules,
        {
            name: "product-not-from-tests",
            comment: "product code (the program, services, scripts, bench, policy, lib) never imports test/: move what it shares into lib/",
            severity: "error",
            from: { pathNot: "^test/" },
            to: { path: "^test/" },
        },
        {
            name: "components-not-from-outside",
            comment: "the program's components import only components and packages (no services, lib, scripts)",
            severity: "error",
            from: { path: "^(components/|index\\.ts$)" },
            to: { path: "^(services|lib|scripts|bench|policy)/" },
        },
        {
            name: "services-not-from-program",
            comment: "the services are their own product: they never import the Pulumi program or lib/",
            severity: "error",
            from: { path: "^services/" },
            to: { path: "^(components|lib|scripts|bench|policy)/|^index\\.ts$" },
        },
        {
            name: "gateway-grpc-only-lazily",
            comment:
                "the gateway loads @grpc/grpc-js only through services/gateway/grpc-js.ts, on first use (a room server without the TCP relay); elsewhere in the gateway import its types only (`import type`)",
            severity: "error",
            from: { path: "^services/gateway/", pathNot: "^services/gateway/grpc-js\\.ts$" },
            to: { path: "node_modules/@grpc/grpc-js/", dependencyTypesNot: ["type-only"] },
        },
    ],
    options: {
        doNotFollow: { path: "node_modules" },
        exclude: { path: "^(dist|toolchain|services/protocol/gen)/" },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: "tsconfig.json" },
        enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
        reporterOptions: { text: { highlightFocused: true } },
    },
};
