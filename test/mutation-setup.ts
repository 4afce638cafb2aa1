/**
 * Set up for each suite of the mutation run only (jest.mutation.config.js): a property that fails stops at
 * its first counterexample instead of shrinking it. The same runs and the same properties decide whether a
 * mutant is killed; only the search for the smallest counterexample, which can take longer than the
 * mutant's time limit, is skipped.
 */
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
