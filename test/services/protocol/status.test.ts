// The status codes the gateway reads without grpc-js are grpc-js's own, and a relay close's trailers read like grpc-js Metadata.
import { strict as assert } from "node:assert";
import { status as grpcStatus } from "@grpc/grpc-js";
import { linkStatus } from "../../../services/gateway/link-status";
import { Status, statusName } from "../../../services/protocol/status";

describe("protocol: status codes", () => {
    it("must give every gRPC status grpc-js's code and name, and no other", () => {
        const grpcCodes = Object.entries(grpcStatus).filter(([, v]) => typeof v === "number");
        assert.deepEqual(Object.entries(Status), grpcCodes);
        for (const [name, code] of grpcCodes) assert.equal(statusName(code as number), name);
    });

    it("must name a code outside the table by its number", () => {
        assert.equal(statusName(42), "42");
    });

    it("must read a relay close's trailers as grpc-js Metadata reads them: one value, or none", () => {
        const s = linkStatus(Status.FAILED_PRECONDITION, "owned elsewhere", { "owner-addr": "10.0.0.7:7000" });
        assert.deepEqual(
            [s.code, s.details, s.metadata.get("owner-addr"), s.metadata.get("other"), s.metadata.get("constructor")],
            [9, "owned elsewhere", ["10.0.0.7:7000"], [], []],
        );
    });
});
