// Pure specs of the OpenKruise Game platform add-on: OpenKruise (Advanced StatefulSet, in-place update,
// PodProbeMarker: what kruise-game builds on) and kruise-game itself, each from its official Helm chart
// at a pinned version, each in its own namespace. Tests call these without mocks.

/** The official chart repository of both charts (github.com/openkruise/charts). */
export const openKruiseChartRepo = "https://openkruise.github.io/charts/";

/**
 * Pinned chart versions. kruise-game 1.0.0 is the version whose GameServerSet CRD the tests validate
 * every GameServerSet against (test/program/zone/crd/); change both together.
 */
export const okgChartVersions = { kruise: "1.8.3", kruiseGame: "1.0.0" } as const;

export const okgNamespaces = { kruise: "kruise-system", kruiseGame: "kruise-game-system" } as const;

/** Labels of the add-on's own objects (its namespaces). */
export function okgLabels(envName: string, component: string): Record<string, string> {
    return { "app.kubernetes.io/part-of": "gameops", "app.kubernetes.io/component": component, "gameops.io/env": envName };
}

function release(name: string, chart: string, version: string, namespace: string, values: Record<string, unknown>) {
    return {
        name,
        chart,
        version,
        repositoryOpts: { repo: openKruiseChartRepo },
        namespace,
        // The namespace is an explicit, labelled object of this stack (see OkgPlatform).
        createNamespace: false,
        atomic: true,
        cleanupOnFail: true,
        values,
    };
}

/** OpenKruise: its CRDs, the manager and kruise-daemon (which runs the service-quality probes). */
export function kruiseReleaseSpec() {
    return release("kruise", "kruise", okgChartVersions.kruise, okgNamespaces.kruise, {
        installation: { namespace: okgNamespaces.kruise, createNamespace: false },
        // PodProbeMarker runs kruise-game's serviceQualities probes in kruise-daemon.
        featureGates: "ImagePullJobGate=true,PodProbeMarkerGate=true",
    });
}

/** kruise-game: the GameServer and GameServerSet CRDs and their controller. */
export function kruiseGameReleaseSpec() {
    return release("kruise-game", "kruise-game", okgChartVersions.kruiseGame, okgNamespaces.kruiseGame, {
        installation: { namespace: okgNamespaces.kruiseGame, createNamespace: false },
        // The chart's default is Always: every controller restart would pull again.
        image: { pullPolicy: "IfNotPresent" },
    });
}
