/**
 * The workflow validators' use case: may this issue move to this status?
 *
 * Fast: everything runs under the validator's own deadline (`validatorTuning.budgetMs`, far below
 * Forge's 25 s), so a person waiting on a transition is never held by a slow store or by a 429
 * whose Retry-After is longer than that (the transport does not wait past the deadline).
 * Fail-safe: an issue that is provably not a deployment epic passes even when storage or Jira is
 * failing; a deployment epic, or an issue that cannot be told apart from one, is refused with a
 * message saying the gate could not be checked.
 * Right: judged by the category of the target status (transition.to.id — the payload Forge sends
 * has no transition name), with the same loader and the same pure rules as the panel
 * (services/epic.ts loadPhase, core/gate.ts evaluatePhase).
 *
 * Jira calls: the target's category (one read of the project's statuses) and the issue, in
 * parallel; then, for a deployment epic only, one search for the epic and its children (with
 * reconcileIssues) and the caller's locale, in parallel.
 */
// @ts-nocheck

import type { ProjectSettings, StatusCategory } from '../shared/api';
import { isPossiblyDeploymentEpic, validatorScope, validatorVerdict, type DeploymentEpicAnswer } from '../core/gate';
import { refusalMessage } from '../core/gate-message';
import { isDeploymentEpic } from '../core/settings';
import { toLocale } from '../core/template';
import type { GateId, Locale } from '../core/template/schema';
import { getIssue, getProjectStatuses, getUser } from '../jira/client';
import * as store from '../storage/store';
import { assertIssueKey, loadPhase, readPhaseState, toEpicSummary, verdictsOf, type PhaseStateRead } from './epic';
import { PHASE_PROPERTY_KEY } from './spawn';

export const validatorTuning = {
  /** Everything a validator does must be done within this time. */
  budgetMs: 8_000,
};

export interface TransitionCheck {
  gate: GateId;
  issueKey: unknown;
  /** The target status id (transition.to.id in Forge's payload). */
  targetStatusId: unknown;
  /** The user making the transition, for the message's language. */
  accountId?: string;
  /** A locale when the caller's context has one (Forge functions get none: see runtime-reference/i18n). */
  locale?: string;
}

export interface ValidatorResult {
  result: boolean;
  errorMessage?: string;
}

export const COULD_NOT_CHECK = [
  'Käyttöönoton porttia ei voitu tarkistaa, koska Jiraa tai sovelluksen tietoja ei voitu lukea. Siirtoa ei tehty; yritä hetken kuluttua uudelleen.',
  'Grinden för ibruktagande kunde inte kontrolleras eftersom Jira eller appens data inte kunde läsas. Övergången gjordes inte; försök igen om en stund.',
  'The deployment gate could not be checked because Jira or the app’s data could not be read. The transition was not made; try again in a moment.',
].join('\n\n');

class DeadlineExceeded extends Error {
  constructor(what: string) {
    super(`${what}: the validator's deadline passed`);
  }
}

/** Resolves as `p`, or rejects when the deadline comes first (the work itself is abandoned). */
function within<T>(p: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(what)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** `settled` wraps a promise so that awaiting it never throws (errors are logged, not lost). */
async function settled<T>(p: Promise<T>, what: string, key: string): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    console.warn(`[validator] ${key}: ${what} failed:`, e instanceof Error ? e.message : e);
    return { ok: false };
  }
}

async function targetCategory(projectKey: string, statusId: string, deadline: number): Promise<StatusCategory> {
  const types = await getProjectStatuses('app', projectKey, { deadline });
  for (const t of types) {
    const s = (t.statuses ?? []).find((x) => x.id === statusId);
    if (s) {
      const k = s.statusCategory?.key;
      return k === 'done' || k === 'indeterminate' ? k : 'new';
    }
  }
  throw new Error(`status ${statusId} is not a status of project ${projectKey}`);
}

async function callerLocale(check: TransitionCheck, deadline: number): Promise<Locale | null> {
  if (check.locale) return toLocale(check.locale);
  if (!check.accountId) return null;
  try {
    const user = await getUser('app', check.accountId, { deadline });
    return user.locale ? toLocale(user.locale) : null;
  } catch {
    return null; // The language is a nicety; the verdict does not depend on it.
  }
}

const pass: ValidatorResult = { result: true };
const refuse = (errorMessage: string): ValidatorResult => ({ result: false, errorMessage });

export async function checkTransition(check: TransitionCheck): Promise<ValidatorResult> {
  const deadline = Date.now() + validatorTuning.budgetMs;
  let key: string;
  try {
    key = assertIssueKey(check.issueKey);
  } catch {
    return refuse(COULD_NOT_CHECK);
  }
  const statusId = typeof check.targetStatusId === 'string' && /^\d{1,18}$/.test(check.targetStatusId) ? check.targetStatusId : null;
  const projectKey = key.slice(0, key.lastIndexOf('-'));

  // 1. The target's category and the issue, in parallel.
  const targetP = statusId
    ? settled(within(targetCategory(projectKey, statusId, deadline), deadline, 'status'), 'status lookup', key)
    : Promise.resolve({ ok: false as const });
  const issueP = settled(
    within(
      getIssue(
        'app',
        key,
        { fields: ['issuetype', 'project', 'labels', 'subtasks', 'status', 'summary'], properties: [PHASE_PROPERTY_KEY] },
        { deadline },
      ),
      deadline,
      'issue',
    ),
    'issue read',
    key,
  );
  const target = await targetP;
  const scope = validatorScope(check.gate, target.ok ? target.value : null);
  if (scope === 'none') return pass; // e.g. the exit validator on a move to In Progress: nothing to guard
  const issue = await issueP;
  if (!issue.ok) return refuse(COULD_NOT_CHECK);
  const epic = toEpicSummary(issue.value);

  // 2. Is it a deployment epic? Storage decides; without storage, only what is provable passes.
  const facts = {
    hierarchyLevel: epic.hierarchyLevel,
    hasSubtasks: (issue.value.fields.subtasks ?? []).length > 0,
    hasPhaseProperty: issue.value.properties?.[PHASE_PROPERTY_KEY] !== undefined && issue.value.properties?.[PHASE_PROPERTY_KEY] !== null,
  };
  if (isPossiblyDeploymentEpic(facts, null) === 'no' && facts.hierarchyLevel < 0) return pass;
  const stored = await settled(
    within(Promise.all([readPhaseState(epic.id), store.getProjectSettings(epic.projectId)]), deadline, 'storage'),
    'storage read',
    key,
  );
  let known: PhaseStateRead | null = null;
  let settings: ProjectSettings | undefined;
  let answer: DeploymentEpicAnswer;
  if (stored.ok) {
    [known, settings] = stored.value;
    answer = isPossiblyDeploymentEpic(facts, { phaseStarted: !!known.state.meta, selectedBySettings: isDeploymentEpic(settings, epic) });
  } else {
    answer = isPossiblyDeploymentEpic(facts, null);
  }
  if (answer === 'no') return pass;
  if (answer === 'unknown' || !known) return refuse(COULD_NOT_CHECK);

  // 3. A deployment epic: load it as the panel does, and judge by the same rules.
  const localeP = callerLocale(check, deadline);
  const phase = await settled(
    within(loadPhase('app', { key, id: epic.id }, { deadline, known, settings }), deadline, 'phase'),
    'phase load',
    key,
  );
  if (!phase.ok) return refuse(COULD_NOT_CHECK);
  const verdicts = verdictsOf(phase.value);
  const verdict = validatorVerdict(scope, verdicts);
  if (verdict.passed) return pass;
  const locale = await within(localeP, deadline, 'locale').catch(() => null);
  // The gates that block: the entry gate unless it passed or was waived, and for Done the exit gate.
  const blocking = [...(verdicts.start.passed ? [] : [verdicts.entry]), ...(scope === 'done' ? [verdicts.exit] : [])];
  const message = refusalMessage(blocking, locale, { template: phase.value.template, readiness: phase.value.readiness });
  // The target could not be read, so the strictest rule was applied: say so.
  return refuse(target.ok ? message : `${COULD_NOT_CHECK}\n\n${message}`);
}
