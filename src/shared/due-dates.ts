/** Due dates for the UI (issue 24): the server uses the same rules (src/core/dates.ts, src/core/due-dates.ts). */
export { daysOverdue, isOverdue } from '../core/dates';
