/**
 * The suites StrykerJS runs for each mutant of the gate's core (jest.mutation.config.js), loaded as one test
 * file: Stryker's jest runner loads every suite of its configuration for every mutant, and jest gives each
 * test file its own module registry, so one file loads the core, the template and zod once per mutant instead
 * of once per suite (it halves the time of a mutant's run). The tests keep their own names and files; jest
 * runs these files on their own in `npm test`. A new test of gate.ts, permissions.ts, readiness.ts or rules.ts
 * belongs in this list.
 */
import './core/core.examples.test';
import './core/core.property.test';
import './core/duplicates.test';
import './core/gate-message.test';
import './core/rules.test';
import './core/waiver-expiry.test';
import './core/gate-rules.test';
import './core/permissions.test';
import './core/readiness.test';
import './core/governance.test';
