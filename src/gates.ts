// Wires the workflow validator functions declared in manifest.yml (exit-gate, entry-gate) from a file
// of their own, so that their bundle holds only what judging a transition needs (not the resolvers,
// the template tooling or YAML). No logic lives here.
import { validateGate, type FunctionContext, type ValidatorArgs } from './validators/gate-validator';

export const exitGateValidator = (args: ValidatorArgs, context?: FunctionContext) => validateGate('exit', args, context);
export const entryGateValidator = (args: ValidatorArgs, context?: FunctionContext) => validateGate('entry', args, context);
