import assert from "node:assert/strict";
import { loggingProblems } from "../../../components/logging/rules";
import { loggingSchema } from "../../../components/logging/schema";

describe("Logging cross-checks", () => {
    describe("#loggingProblems", () => {
        it("must refuse a zone named like the index of pods outside every zone", () => {
            const logging = loggingSchema.parse({ enabled: true });
            assert.deepEqual(loggingProblems(logging, ["s1", "system"]), [
                'gameops:zones[1].name: "system" is reserved while logging is enabled (pods of no zone are logged to gameops-<env>-system-*); rename the zone',
            ]);
        });

        it("must accept any zone name when logging is disabled, and ordinary names when it is enabled", () => {
            assert.deepEqual(loggingProblems(loggingSchema.parse({ enabled: false }), ["system"]), []);
            assert.deepEqual(loggingProblems(loggingSchema.parse({ enabled: true }), ["s101", "systems", "sys"]), []);
        });
    });
});
