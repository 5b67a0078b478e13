// Mocha's spec reporter plus one plain closing line, `N passed, N failed`, that any CI reads.
"use strict";
const Mocha = require("mocha");

class SpecWithTally extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const { passes, failures, pending } = this.stats;
            process.stdout.write(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}\n`);
        });
    }
}

module.exports = SpecWithTally;
