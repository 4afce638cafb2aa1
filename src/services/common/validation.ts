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
 * (services/common/epic.ts loadPhase, core/gate.ts evaluatePhase).
 *
 * Jira calls (at most 2 on a deployment epic): the issue, strongly consistent, with the transitions
 * available from its status (`expand=transitions`: their target statuses carry the category); then,
 * for a deployment epic only, one search for the epic and its children (with reconcileIssues). The
 * project's statuses are read only when the target is not among those transitions (e.g. a transition
 * the app may not make) or the issue could not be read; the caller's Jira profile only when the app
 * does not know their language yet (storage/store.ts userLocaleKey: the panel records it).
 * KVS (at most 3 operations on an epic of a built-in template): one round of strict batch reads of
 * the epic's state, its entry-gate waiver, the project's settings and template index, and the
 * caller's language.
 */
import type { ProjectSettings, StatusCategory } from '../../shared/api';
import { isPossiblyDeploymentEpic, validatorScope, validatorVerdict, type DeploymentEpicAnswer } from '../../core/gate';
import { refusalMessage } from '../../core/gate-message';
import { isDeploymentEpic } from '../../core/settings-rules';
import { getTemplate, toLocale } from '../../core/template/registry';
import type { GateId, Locale } from '../../core/template/schema';
import { getIssue, getProjectStatuses, getUser, type JiraIssue } from '../../jira/client';
import * as store from '../../storage/store';
import { assertIssueKey, loadPhase, toEpicSummary, verdictsOf, type PhaseStateRead } from './epic';
import { PHASE_PROPERTY_KEY } from '../../core/spawn-plan';

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

/** The target's category from the transitions Jira listed with the issue, or null when it is not among them. */
function categoryFromTransitions(issue: JiraIssue, statusId: string): StatusCategory | null {
  const to = (issue.transitions ?? []).find((t) => t.to?.id === statusId)?.to;
  if (!to) return null;
  const k = to.statusCategory?.key;
  return k === 'done' || k === 'indeterminate' ? k : 'new';
}

/** The caller's language: given, remembered by the app (read with the epic's state), or from their Jira profile. */
async function callerLocale(check: TransitionCheck, remembered: string | null, deadline: number): Promise<Locale | null> {
  if (check.locale) return toLocale(check.locale);
  if (remembered) return toLocale(remembered);
  if (!check.accountId) return null;
  try {
    const user = await getUser('app', check.accountId, { deadline });
    if (!user.locale) return null;
    await store.rememberUserLocale(check.accountId, user.locale).catch(() => undefined);
    return toLocale(user.locale);
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

  // 1. The issue, with the transitions from its status: the target's category comes with it.
  const issue = await settled(
    within(
      getIssue(
        'app',
        key,
        {
          fields: ['issuetype', 'project', 'labels', 'subtasks', 'status', 'summary'],
          properties: [PHASE_PROPERTY_KEY],
          expand: ['transitions'],
        },
        { deadline },
      ),
      deadline,
      'issue',
    ),
    'issue read',
    key,
  );
  const listed = issue.ok && statusId ? categoryFromTransitions(issue.value, statusId) : null;
  const target: { ok: true; value: StatusCategory } | { ok: false } = listed
    ? { ok: true, value: listed }
    : statusId
      ? await settled(within(targetCategory(projectKey, statusId, deadline), deadline, 'status'), 'status lookup', key)
      : { ok: false };
  const scope = validatorScope(check.gate, target.ok ? target.value : null);
  if (scope === 'none') return pass; // e.g. the exit validator on a move to In Progress: nothing to guard
  if (!issue.ok) return refuse(COULD_NOT_CHECK);
  const epic = toEpicSummary(issue.value);

  // 2. Is it a deployment epic? Storage decides; without storage, only what is provable passes.
  const facts = {
    hierarchyLevel: epic.hierarchyLevel,
    hasSubtasks: (issue.value.fields.subtasks ?? []).length > 0,
    hasPhaseProperty: issue.value.properties?.[PHASE_PROPERTY_KEY] !== undefined && issue.value.properties?.[PHASE_PROPERTY_KEY] !== null,
  };
  if (isPossiblyDeploymentEpic(facts, null) === 'no' && facts.hierarchyLevel < 0) return pass;
  const localeKey = check.accountId && !check.locale ? store.userLocaleKey(check.accountId) : null;
  const waiverKey = store.entryGateWaiverKey(epic.id);
  const settingsKey = store.settingsKey(epic.projectId);
  const stored = await settled(
    within(
      store.readEpicStateWith(epic.id, [waiverKey, settingsKey, ...(localeKey ? [localeKey] : [])], epic.projectId),
      deadline,
      'storage',
    ),
    'storage read',
    key,
  );
  let known: PhaseStateRead | null = null;
  let settings: ProjectSettings | undefined;
  let remembered: string | null = null;
  let answer: DeploymentEpicAnswer;
  let builtIn = false;
  if (stored.ok) {
    const { state, also, builtInTemplate } = stored.value;
    known = { state, entryGateWaiver: (also.get(waiverKey) as PhaseStateRead['entryGateWaiver'] | undefined) ?? null };
    settings = store.parseProjectSettings(epic.projectId, also.get(settingsKey));
    remembered = localeKey ? store.parseUserLocale(also.get(localeKey)) : null;
    builtIn = builtInTemplate;
    answer = isPossiblyDeploymentEpic(facts, { phaseStarted: !!known.state.meta, selectedBySettings: isDeploymentEpic(settings, epic) });
  } else {
    answer = isPossiblyDeploymentEpic(facts, null);
  }
  if (answer === 'no') return pass;
  if (answer === 'unknown' || !known) return refuse(COULD_NOT_CHECK);

  // 3. A deployment epic: load it as the panel does, and judge by the same rules.
  const localeP = callerLocale(check, remembered, deadline);
  const meta = known.state.meta;
  const template = meta && builtIn ? getTemplate(meta.templateId, meta.templateVersion) : undefined;
  const phase = await settled(
    within(loadPhase('app', { key, id: epic.id }, { deadline, known, settings, ...(template ? { template } : {}) }), deadline, 'phase'),
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
  const message = refusalMessage(blocking, locale, {
    template: phase.value.template,
    readiness: phase.value.readiness,
    target: scope === 'done' ? 'done' : 'start',
  });
  // The target could not be read, so the strictest rule was applied: say so.
  return refuse(target.ok ? message : `${COULD_NOT_CHECK}\n\n${message}`);
}
