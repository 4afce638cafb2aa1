/** The text and link rules for the UI; the server applies the same ones (src/core/text.ts). */
// @ts-nocheck

export {
  ACCOUNT_ID_PATTERN,
  STABLE_ID_PATTERN,
  TEXT_LIMITS,
  characterCount,
  checkText,
  checkDecisionRef,
  checkUrl,
  fillPlaceholders,
  forbiddenCharacter,
  isHttpUrl,
  isHttpsLink,
  normalizeText,
  textProblemMessage,
} from '../core/text';
export type { Checked, TextProblem, TextRule } from '../core/text';
export type { Message, MessageKey } from '../core/message-key';
