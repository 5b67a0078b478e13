// The stand-in's four products: each one's API version (X-TC-Version, how a request names its product)
// and its actions.
import { clb, tcr } from "./clb-tcr";
import type { Handler } from "./state";
import { tke, vpc } from "./vpc-tke";

/** Each product's API version (X-TC-Version) and actions. */
export const products: Record<string, { version: string; actions: Record<string, Handler> }> = {
    vpc: { version: "2017-03-12", actions: vpc },
    tke: { version: "2018-05-25", actions: tke },
    clb: { version: "2018-03-17", actions: clb },
    tcr: { version: "2019-09-24", actions: tcr },
};
