/**
 * The workflow validator's refusal: short, in the user's language, saying who must act and where.
 * - the user's language only; when it is unknown, Finnish and then English;
 * - unmet conditions grouped by the roles that may confirm them;
 * - open items counted, with a few keys;
 * - where to fix them (the epic's panel);
 * - at most MAX_MESSAGE_CHARS characters in all (long condition texts are shortened, then the
 *   rest of a long list is counted).
 * Pure: no I/O.
 */
import type { GateEvaluation, Readiness } from './model';
import type { GateId, Locale, Template } from './template/schema';
import { l10n, l10nIn } from './server-texts';
import { blocksItemsDone } from './rules';

export const MAX_MESSAGE_CHARS = 1500;
/** How many open items are named by key. */
export const KEYS_NAMED = 5;

type PerLocale<T> = Record<Locale, T>;

const TEXT = {
  header: {
    entry: (count: number, l: Locale) => l10nIn(l, 'server.validator.entryHeader', { count }),
    exit: (count: number, l: Locale) => l10nIn(l, 'server.validator.exitHeader', { count }),
    /** The entry gate when the move was into Done: the user tried to close the epic, not to start it. */
    entryBeforeDone: (count: number, l: Locale) => l10nIn(l, 'server.validator.entryBeforeDone', { count }),
  },
  confirms: l10n('server.validator.confirms'),
  or: l10n('server.validator.or'),
  void: l10n('server.validator.void'),
  stale: l10n('server.validator.stale'),
  /** A quorum: how many more confirmations, of how many. */
  quorumMore: (q: { counted: number; needed: number }, l: Locale) =>
    l10nIn(l, 'server.validator.quorumMore', { more: q.needed - q.counted, counted: q.counted, needed: q.needed }),
  nameRole: l10n('server.validator.nameRole'),
  openItems: (count: number, keys: string, l: Locale) =>
    keys ? l10nIn(l, 'server.validator.openItemsNamed', { count, keys }) : l10nIn(l, 'server.validator.openItems', { count }),
  lapsed: (keys: string, l: Locale) => l10nIn(l, 'server.validator.lapsed', { keys }),
  more: (count: number, l: Locale) => l10nIn(l, 'server.validator.more', { count }),
  whereToFix: l10n('server.validator.whereToFix'),
} as const;

export interface MessageContext {
  template: Pick<Template, 'roles' | 'gates' | 'items'>;
  readiness: Pick<Readiness, 'items'>;
  /** The move that was refused: into In Progress (`start`, the default) or into Done (`done`). */
  target?: 'start' | 'done';
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim().replace(/\.+$/, '');
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** The lines of one language, with condition texts shortened to `textMax` and at most `maxConditions` named. */
function lines(evaluation: GateEvaluation, ctx: MessageContext, l: Locale, textMax: number, maxConditions: number): string[] {
  const gate: GateId = evaluation.gate;
  const defs = ctx.template.gates[gate].conditions;
  const roleName = (id: string) => ctx.template.roles.find((r) => r.id === id)?.name[l] ?? id;
  const header = gate === 'entry' && ctx.target === 'done' ? TEXT.header.entryBeforeDone : TEXT.header[gate];
  const out: string[] = [header(evaluation.unmet.length, l)];
  const groups = new Map<string, string[]>();
  const other: string[] = [];
  let named = 0;
  let skipped = 0;
  let openItemsLine: string | null = null;
  let lapsedLine: string | null = null;
  for (const id of evaluation.unmet) {
    const def = defs.find((c) => c.id === id);
    const result = evaluation.conditions.find((c) => c.conditionId === id);
    if (!def) continue;
    if (def.kind === 'automatic') {
      if (def.rule.type === 'roster-filled') {
        const rule = def.rule;
        other.push(`${TEXT.nameRole[l]}: ${rule.roles.map(roleName).join(', ')}.`);
      } else {
        const kinds = def.rule.itemKinds;
        const open = ctx.readiness.items.filter((i) => blocksItemsDone(i, kinds));
        const keys = open.flatMap((i) => (i.child ? [i.child.key] : [])).slice(0, KEYS_NAMED);
        const rest = open.length - keys.length;
        const keyText = keys.length > 0 ? `${keys.join(', ')}${rest > 0 ? ` ${TEXT.more(rest, l)}` : ''}` : '';
        openItemsLine = TEXT.openItems(open.length, keyText, l);
        // Open again because a waiver's expiry passed: say so, or the person who saw it waived is left guessing.
        const lapsed = open.filter((i) => i.waiverExpiry?.lapsed).flatMap((i) => (i.child ? [i.child.key] : []));
        if (lapsed.length > 0) {
          const shown = lapsed.slice(0, KEYS_NAMED);
          const more = lapsed.length - shown.length;
          lapsedLine = TEXT.lapsed(`${shown.join(', ')}${more > 0 ? ` ${TEXT.more(more, l)}` : ''}`, l);
        }
      }
      continue;
    }
    if (named >= maxConditions) {
      skipped++;
      continue;
    }
    named++;
    const who = def.attestRoles.map(roleName).join(TEXT.or[l]);
    const notes = [
      ...(result?.quorum ? [TEXT.quorumMore(result.quorum, l)] : []),
      ...(result?.status === 'void' ? [TEXT.void[l]] : result?.status === 'stale' ? [TEXT.stale[l]] : []),
    ];
    const text = shorten(def.text[l], textMax) + (notes.length ? ` (${notes.join('; ')})` : '');
    groups.set(who, [...(groups.get(who) ?? []), text]);
  }
  for (const [who, texts] of groups) out.push(`• ${who} ${TEXT.confirms[l]}: ${texts.join('; ')}.`);
  if (skipped > 0) out.push(`• (${TEXT.more(skipped, l)})`);
  for (const line of other) out.push(`• ${line}`);
  if (openItemsLine) out.push(`• ${openItemsLine}`);
  if (lapsedLine) out.push(`• ${lapsedLine}`);
  out.push(TEXT.whereToFix[l]);
  return out;
}

/** One language's message within `budget` characters: shorter condition texts first, then fewer named. */
function fit(evaluation: GateEvaluation, ctx: MessageContext, l: Locale, budget: number): string {
  const unmet = evaluation.unmet.length;
  for (const textMax of [120, 90, 70, 50, 36]) {
    const text = lines(evaluation, ctx, l, textMax, unmet).join('\n');
    if (text.length <= budget) return text;
  }
  for (let n = unmet - 1; n >= 0; n--) {
    const text = lines(evaluation, ctx, l, 36, n).join('\n');
    if (text.length <= budget) return text;
  }
  return shorten(lines(evaluation, ctx, l, 36, 0).join('\n'), budget);
}

/**
 * The validator's message: the caller's language only; Finnish then English when it is unknown.
 * Without `ctx` (the template and readiness), the evaluation's own message is used, cut to size.
 */
export function validatorMessage(
  evaluation: GateEvaluation,
  callerLocale: Locale | null,
  ctx?: MessageContext,
  maxChars = MAX_MESSAGE_CHARS,
): string {
  if (evaluation.passed) return '';
  const locales: Locale[] = callerLocale ? [callerLocale] : ['fi', 'en'];
  const separator = '\n\n';
  const budget = Math.floor((maxChars - separator.length * (locales.length - 1)) / locales.length);
  const per: PerLocale<string> = { fi: '', sv: '', en: '' };
  for (const l of locales) {
    const own = evaluation.message[l];
    per[l] = ctx ? fit(evaluation, ctx, l, budget) : own.length <= budget ? own : `${own.slice(0, budget - 1)}…`;
  }
  return locales.map((l) => per[l]).join(separator);
}

/**
 * The refusal of a move into Done or In Progress: the unmet gates (the entry gate when it neither
 * passed nor was waived, and for Done the exit gate), within MAX_MESSAGE_CHARS in all. With
 * `ctx.target` 'done', an unmet entry gate is worded as what keeps the epic from being closed.
 */
export function refusalMessage(gates: GateEvaluation[], callerLocale: Locale | null, ctx: MessageContext): string {
  const unmet = gates.filter((g) => !g.passed);
  if (unmet.length === 0) return '';
  const separator = '\n\n';
  const each = Math.floor((MAX_MESSAGE_CHARS - separator.length * (unmet.length - 1)) / unmet.length);
  return unmet.map((g) => validatorMessage(g, callerLocale, ctx, each)).join(separator);
}
