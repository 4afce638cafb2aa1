// Wires the Forge function handlers declared in manifest.yml (the workflow validators: gates.ts). No logic lives here.
// The resolver builders are marked pure, so that a bundler leaves them out of another function's bundle.
import { panelResolver as buildPanelResolver } from './resolvers/panel';
import { settingsResolver as buildSettingsResolver } from './resolvers/settings';
import { portfolioResolver as buildPortfolioResolver } from './resolvers/portfolio';
import { handleSummaryRefresh } from './services/summary';
import { handleIssueEvent, handleSpawnContinuation } from './triggers/issue-event';
import { handlePrivacyContinuation, handlePrivacySchedule } from './triggers/privacy';

export const panelResolver = /* @__PURE__ */ buildPanelResolver();
export const settingsResolver = /* @__PURE__ */ buildSettingsResolver();
export const onIssueEvent = handleIssueEvent;
export const continueSpawn = handleSpawnContinuation;
export const reportPersonalData = handlePrivacySchedule;
export const continuePersonalDataReport = handlePrivacyContinuation;
export const portfolioResolver = /* @__PURE__ */ buildPortfolioResolver();
export const refreshSummaries = handleSummaryRefresh;
