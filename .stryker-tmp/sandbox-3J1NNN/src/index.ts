// @ts-nocheck
// Wires the Forge function handlers declared in manifest.yml. No logic lives here.
import { panelResolver as buildPanelResolver } from './resolvers/panel';
import { settingsResolver as buildSettingsResolver } from './resolvers/settings';
import { portfolioResolver as buildPortfolioResolver } from './resolvers/portfolio';
import { handleSummaryRefresh } from './services/summary';
import { handleIssueEvent, handleSpawnContinuation } from './triggers/issue-event';
import { handlePrivacyContinuation, handlePrivacySchedule } from './triggers/privacy';
import { validateGate, type FunctionContext, type ValidatorArgs } from './validators/gate-validator';

export const panelResolver = buildPanelResolver();
export const settingsResolver = buildSettingsResolver();
export const onIssueEvent = handleIssueEvent;
export const continueSpawn = handleSpawnContinuation;
export const exitGateValidator = (args: ValidatorArgs, context?: FunctionContext) => validateGate('exit', args, context);
export const entryGateValidator = (args: ValidatorArgs, context?: FunctionContext) => validateGate('entry', args, context);
export const reportPersonalData = handlePrivacySchedule;
export const continuePersonalDataReport = handlePrivacyContinuation;
export const portfolioResolver = buildPortfolioResolver();
export const refreshSummaries = handleSummaryRefresh;
