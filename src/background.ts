// Wires the functions that run without a person waiting (manifest.yml: issue-event, spawn-continue,
// personal-data-report, personal-data-continue, summary-refresh, due-reminders) from a file of their own, so that
// their bundles leave out the resolvers, the template tooling and YAML. No logic lives here.
import { handleSummaryRefresh } from './services/portfolio/summary';
import { handleIssueEvent, handleSpawnContinuation } from './triggers/issue-event';
import { handlePrivacyContinuation, handlePrivacySchedule } from './triggers/privacy';
import { handleReminderSchedule } from './services/schedule/reminders';

export const onIssueEvent = handleIssueEvent;
export const continueSpawn = handleSpawnContinuation;
export const reportPersonalData = handlePrivacySchedule;
export const continuePersonalDataReport = handlePrivacyContinuation;
export const refreshSummaries = handleSummaryRefresh;
export const sendReminders = handleReminderSchedule;
