/**
 * Stored project settings are read with a hand-written guard (src/storage/records.ts, no zod in the
 * workflow validator's bundle), and must accept and refuse exactly what the settings' schema
 * (src/core/settings.ts, zod) does, with unknown top-level fields kept: checked on generated values,
 * valid ones and ones broken in one place.
 */
import fc from 'fast-check';
import { ROLE_IDS } from '../../src/core/domain';
import { projectSettingsSchema } from '../../src/core/settings';
import { settingsRecordSchema } from '../../src/storage/records';

const schema = projectSettingsSchema.loose();

const text = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'a',
    ' deploy ',
    'käyttöönotto',
    'two words',
    'x'.repeat(256),
    'bad\u0000',
    'e\u0301',
    '\u202e',
    '12',
    ' 42 ',
    '1.2.3',
  ),
  fc.string({ maxLength: 8 }),
);
const anything = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
const rosterDefault = fc.oneof(
  fc.constant({ type: 'none' }),
  fc.record({ type: fc.constant('user'), accountId: fc.oneof(text, fc.constantFrom('557058:abc-1', ' 557058:abc-1 ', 'a'.repeat(129))) }),
  fc.record({ type: fc.constant('project-role'), projectRoleId: fc.oneof(text, fc.constantFrom('10002', '1'.repeat(19))) }),
);
const settings = fc.record({
  enabled: fc.boolean(),
  epicSelector: fc.oneof(fc.constant({ mode: 'all-epics' }), fc.record({ mode: fc.constant('label'), label: text })),
  childIssueTypeId: fc.oneof(fc.constant(null), fc.constantFrom('10001', 'x', '', '1'.repeat(19))),
  defaultRoster: fc.record(Object.fromEntries(ROLE_IDS.map((r) => [r, rosterDefault]))),
  deliverableOwners: fc.dictionary(fc.constantFrom('d1', 'd2'), fc.oneof(fc.constantFrom(...ROLE_IDS), text)),
  templateVersion: fc.constantFrom('1.0.0', '1.0', 'x', '10.20.30'),
  reminders: fc.option(
    fc.record({
      enabled: fc.oneof(fc.boolean(), anything),
      escalationDays: fc.oneof(fc.integer({ min: -2, max: 400 }), fc.double(), anything),
    }),
    {
      nil: undefined,
    },
  ),
  updatedAt: fc.option(fc.oneof(fc.constant('2026-01-01T00:00:00.000Z'), fc.constant('x'.repeat(41))), { nil: undefined }),
  updatedBy: fc.option(fc.oneof(fc.constant('557058:abc'), fc.constant('x'.repeat(129))), { nil: undefined }),
});

/** Settings that the schema accepts, so that one break is the only problem. */
const valid = fc.record({
  enabled: fc.boolean(),
  epicSelector: fc.oneof(
    fc.constant({ mode: 'all-epics' }),
    fc.record({ mode: fc.constant('label'), label: fc.constantFrom('deploy', ' kehmet ') }),
  ),
  childIssueTypeId: fc.constantFrom(null, '10001'),
  defaultRoster: fc.record(
    Object.fromEntries(
      ROLE_IDS.map((r) => [
        r,
        fc.constantFrom({ type: 'none' }, { type: 'user', accountId: '557058:abc-1' }, { type: 'project-role', projectRoleId: '10002' }),
      ]),
    ),
  ),
  deliverableOwners: fc.dictionary(fc.constantFrom('d1', 'd2'), fc.constantFrom(...ROLE_IDS)),
  templateVersion: fc.constantFrom('1.0.0', '10.20.30'),
  reminders: fc.option(fc.record({ enabled: fc.boolean(), escalationDays: fc.integer({ min: 1, max: 365 }) }), { nil: undefined }),
});

/** A value broken in one place: a field removed, replaced by anything, or added (at the top or inside). */
const broken = fc.tuple(valid, fc.nat(), anything, fc.constantFrom('remove', 'replace', 'add')).map(([s, n, value, how]) => {
  const copy = structuredClone(s) as Record<string, unknown>;
  const targets: Record<string, unknown>[] = [
    copy,
    copy.epicSelector as Record<string, unknown>,
    copy.defaultRoster as Record<string, unknown>,
  ];
  for (const r of ROLE_IDS) targets.push((copy.defaultRoster as Record<string, Record<string, unknown>>)[r]!);
  const target = targets[n % targets.length]!;
  const keys = Object.keys(target);
  const k = keys[n % Math.max(1, keys.length)] ?? 'enabled';
  if (how === 'remove') delete target[k];
  else if (how === 'replace') target[k] = value;
  else target.extra = value;
  return copy;
});

function same(value: unknown): void {
  const ours = settingsRecordSchema.safeParse(value);
  const zod = schema.safeParse(value);
  expect({ accepted: ours.success, value }).toEqual({ accepted: zod.success, value });
  if (ours.success && zod.success) expect(ours.data).toEqual(zod.data);
}

describe('stored settings: the guard accepts and refuses what the settings schema does', () => {
  it('on settings as the app writes them, and as anything may have written them', () => {
    fc.assert(fc.property(settings, same), { numRuns: 400 });
  });

  it('on valid settings, and on them broken in one place', () => {
    fc.assert(
      fc.property(valid, (v) => expect(settingsRecordSchema.safeParse(v).success).toBe(true)),
      { numRuns: 200 },
    );
    fc.assert(fc.property(broken, same), { numRuns: 1500 });
  });

  it('on values that are not settings at all', () => {
    for (const v of [null, undefined, 42, 'settings', [], {}, { enabled: true }]) same(v);
  });

  it('on each rule of a field, one at a time', () => {
    const base = {
      enabled: true,
      epicSelector: { mode: 'all-epics' },
      childIssueTypeId: '10001',
      defaultRoster: Object.fromEntries(ROLE_IDS.map((r) => [r, { type: 'none' }])),
      deliverableOwners: {},
      templateVersion: '1.0.0',
    };
    const user = (accountId: string) => ({ ...base, defaultRoster: { ...base.defaultRoster, architect: { type: 'user', accountId } } });
    const label = (l: string) => ({ ...base, epicSelector: { mode: 'label', label: l } });
    const cases = [
      base,
      ...['', ' ', 'x'.repeat(255), 'x'.repeat(256), 'two words', 'tab\there', 'bad\u0000', 'rtl\u202e', 'ok', ' ok '].map(label),
      ...['', ' ', '557058:abc', 'a'.repeat(128), 'a'.repeat(129), 'no spaces', 'ä'].map(user),
      { ...base, childIssueTypeId: '' },
      { ...base, childIssueTypeId: ' 1' },
      { ...base, templateVersion: '1.0.0-beta' },
      { ...base, deliverableOwners: { d1: 'janitor' } },
      { ...base, deliverableOwners: { d1: 'architect' } },
      { ...base, updatedAt: 'x'.repeat(40) },
      { ...base, updatedAt: 'x'.repeat(41) },
      { ...base, updatedBy: 1 },
      { ...base, enabled: 'true' },
      ...[0, 1, 365, 366, 1.5, Infinity, '7'].map((escalationDays) => ({ ...base, reminders: { enabled: true, escalationDays } })),
      { ...base, reminders: { enabled: true, escalationDays: 7, extra: 1 } },
      { ...base, reminders: null },
    ];
    for (const c of cases) same(c);
  });

  it('keeps what it does not know, and trims as the schema does', () => {
    const s = {
      enabled: true,
      epicSelector: { mode: 'label', label: ' deploy ' },
      childIssueTypeId: '10001',
      defaultRoster: Object.fromEntries(ROLE_IDS.map((r) => [r, { type: 'user', accountId: ' 557058:abc ' }])),
      deliverableOwners: {},
      templateVersion: '1.0.0',
      later: { field: 1 },
    };
    const r = settingsRecordSchema.safeParse(s);
    expect(r.success && r.data).toMatchObject({ later: { field: 1 }, epicSelector: { label: 'deploy' } });
    same(s);
  });
});
