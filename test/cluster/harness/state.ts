// The host as it was before the tier's first `npm run local:up`, for 03-teardown to compare with.
import type { HostState } from "./host";

let state: HostState | undefined;

export const hostBefore = {
    set(s: HostState): void {
        state ??= s;
    },
    get(): HostState {
        if (state === undefined) throw new Error("the host state before local:up was not recorded (01-newcomer did not run)");
        return state;
    },
};
