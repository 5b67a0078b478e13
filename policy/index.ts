// Entry point for `pulumi preview --policy-pack policy`: constructing the PolicyPack serves it to the CLI.
import { PolicyPack } from "@pulumi/policy";
import { packArgs, packName } from "./pack";

new PolicyPack(packName, packArgs);
