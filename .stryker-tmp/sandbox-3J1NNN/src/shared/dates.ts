/** Calendar dates for the UI (a waiver's expiry, a review date); the server uses the same rules (src/core/dates.ts). */
// @ts-nocheck

export {
  EXPIRY_WARNING_DAYS,
  MAX_YEARS_AHEAD,
  addYears,
  checkFutureDate,
  daysBetween,
  dateProblemMessage,
  expiryState,
  holdsOn,
  isIsoDate,
  utcDay,
} from '../core/dates';
export type { DateProblem, ExpiryState } from '../core/dates';
