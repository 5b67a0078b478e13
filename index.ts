// gameops: one stack = one environment. Reads and validates the whole stack config first, then
// composes the environment (cloud or existing cluster or fork), logging and the game zones.
import * as k8s from "@pulumi/kubernetes";
import { loadStackConfig } from "./components/config";

const config = loadStackConfig();
const provider = new k8s.Provider("k8s", {});
export = { cloud: config.cloud, provider: provider.urn };
