/**
 * Issue 9 (privilege by payload, roster, control characters, unclear errors, context) and issue 10
 * item 2 (locale from the UI), through the sandbox: the real resolvers over the Forge harness, the
 * Jira emulator over HTTP, and the host's invoke endpoint the panel iframe uses.
 * Every refused call must leave everything as it was.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSandbox, type Sandbox } from '@kayttoonotto/forge-sandbox';
import { createHostHandler, type HostHandler } from '@kayttoonotto/forge-sandbox/host';
import { DEMO_SETTINGS, seedDemoSettings, settingsContext } from '../../dev/sandbox/demo';
import { ACCOUNT_IDS, DEFAULT_ROLE_HOLDERS, DEMO_PROJECT, EMAILS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import type { Condition } from '../../src/core/template/schema';
import type { PanelView, ProjectSettings, Result, SettingsView } from '../../src/shared/api';
import { approval, children, createEpic, ok, panel, panelContext, quiet, startApp, type UserKey } from './helpers';

const t = CURRENT_TEMPLATE;
type Attestation = Extract<Condition, { kind: 'attestation' }>;
const attestable = [...t.gates.entry.conditions, ...t.gates.exit.conditions].filter((c): c is Attestation => c.kind === 'attestation');
const riskCondition = attestable.find((c) => c.approval === 'risk-acceptance')!;
const serviceOwnerCondition = attestable.find((c) => !c.approval && c.attestRoles.length === 1 && c.attestRoles[0] === 'service-owner')!;
const architectItems = t.items.filter((i) => i.role === 'architect').map((i) => i.id);

function refused(r: Result<unknown>, code = 'INVALID_INPUT'): { message: string; details: string[] } {
  if (r.ok) throw new Error(`expected ${code}, got ok: ${JSON.stringify(r.data).slice(0, 200)}`);
  expect(r.error.code).toBe(code);
  expect(r.error.message.length).toBeGreaterThan(0);
  return { message: r.error.message, details: r.error.details ?? [] };
}

/** Calls a panel resolver with a raw (unchecked) payload, as the UI would send it. */
async function raw(
  sb: Sandbox,
  as: UserKey,
  epic: { id: string; key: string },
  name: string,
  payload: unknown,
  context?: Record<string, unknown>,
) {
  return (await sb.harness.invokeResolver(
    'panel-resolver',
    name,
    payload,
    (context ?? panelContext(ACCOUNT_IDS[as], epic)) as never,
  )) as Result<unknown>;
}

async function settingsCall(sb: Sandbox, name: 'getSettings' | 'saveSettings', payload: unknown): Promise<Result<SettingsView>> {
  return (await sb.harness.invokeResolver('settings-resolver', name, payload, settingsContext(ACCOUNT_IDS.admin))) as Result<SettingsView>;
}

describe('resolver hardening', () => {
  let sb: Sandbox;
  let epic: { id: string; key: string };
  beforeAll(async () => {
    sb = await startApp();
    epic = await createEpic(sb, 'Kovennus');
    await sb.harness.triggers.drain();
  });
  afterAll(async () => {
    await sb.close();
  });

  /** An epic of its own, for a test whose starting state matters (tests run in any order). */
  async function freshEpic(summary: string) {
    const e = await createEpic(sb, summary);
    await sb.harness.triggers.drain();
    return e;
  }

  async function state(of = epic) {
    const view = ok(await panel(sb, 'hankepaallikko', of, 'getPanel', {}));
    return { riskLevel: view.phase?.riskLevel ?? null, attestations: view.attestations, waivers: view.waivers, roster: view.roster };
  }

  describe('privilege by payload', () => {
    it('attest with an approval on an ordinary condition is refused, nothing stored and the risk level unchanged', async () => {
      const own = await freshEpic('Etuoikeus');
      const before = await state(own);
      expect(before.riskLevel).toBeNull();
      const r = await panel(sb, 'palvelustaVastaava', own, 'attest', { conditionId: serviceOwnerCondition.id, approval }, 'en-US');
      const { message } = refused(r);
      expect(message).toMatch(/takes no risk acceptance/);
      expect(await state(own)).toEqual(before);
    });

    it('an approval from a role that may not give it is refused', async () => {
      const own = await freshEpic('Väärä rooli');
      const before = await state(own);
      refused(await panel(sb, 'hankepaallikko', own, 'attest', { conditionId: riskCondition.id, approval }), 'FORBIDDEN');
      expect(await state(own)).toEqual(before);
    });

    it.each([
      ['an unknown field', { conditionId: 'x', extra: 1 }, /extra/],
      ['an unknown field inside the approval', { conditionId: riskCondition.id, approval: { ...approval, isAdmin: true } }, /isAdmin/],
      [
        'a risk level outside the enum',
        { conditionId: riskCondition.id, approval: { ...approval, riskLevel: '__proto__' } },
        /approval\.riskLevel/,
      ],
      [
        'a free-text security level',
        { conditionId: riskCondition.id, approval: { ...approval, securityLevel: '<b>basic</b>' } },
        /approval\.securityLevel/,
      ],
    ])('attest with %s is refused (INVALID_INPUT naming it), nothing stored', async (_what, payload, named) => {
      const before = await state();
      const { details } = refused(await raw(sb, 'ohjausryhma', epic, 'attest', payload));
      expect(details.join('\n')).toMatch(named);
      expect(await state()).toEqual(before);
    });

    it.each(['__proto__', '<script>alert(1)</script>', 'kohtalainen', ''])(
      'setRiskLevel %j is refused: risk levels are an enum',
      async (riskLevel) => {
        const before = await state();
        refused(await raw(sb, 'ohjausryhma', epic, 'setRiskLevel', { riskLevel }));
        expect(await state()).toEqual(before);
      },
    );

    it('every action refuses unknown fields instead of ignoring them', async () => {
      for (const [name, payload] of [
        ['getPanel', { admin: true }],
        ['startPhase', { epicKey: 'DEMO-1' }],
        ['setRiskLevel', { riskLevel: 'low', force: true }],
        ['revokeAttestation', { conditionId: riskCondition.id, reason: 'Syy tähän', as: 'steering-group' }],
        ['requestWaiver', { itemId: architectItems[0], reason: 'Syy tähän', status: 'approved' }],
        ['decideWaiver', { itemId: architectItems[0], approve: true, decidedBy: 'x' }],
        ['setRosterMember', { role: 'architect', accountId: null, admin: true }],
        ['getAudit', { limit: 1000 }],
        ['getUsers', { accountIds: [], all: true }],
        ['searchUsers', { query: 'a', maxResults: 1000 }],
      ] as const) {
        const r = await raw(sb, 'ohjausryhma', epic, name, payload);
        expect([name, r.ok ? 'ok' : r.error.code]).toEqual([name, 'INVALID_INPUT']);
      }
    });
  });

  describe('text and links', () => {
    it.each([
      ['NUL', 'Syy\u0000\u0000\u0000\u0000', /U\+0000/],
      ['only NULs', '\u0000\u0000\u0000\u0000\u0000\u0000', /U\+0000/],
      ['a C1 control', 'Hyvä syy\u0085 tähän', /U\+0085/],
      ['a right-to-left override', 'Hyvä \u202Esyy tähän', /U\+202E/],
      ['a bidi isolate', 'Hyvä \u2066syy\u2069 tähän', /U\+2066/],
      ['a left-to-right mark', 'Hyvä\u200E syy', /U\+200E/],
      ['four letters and spaces', '   abcd   ', /at least 5/],
      ['three letters with combining accents (NFC: 3 characters)', 'e\u0301e\u0301e\u0301', /at least 5/],
    ])('a waiver reason with %s is refused with a clear message', async (_what, reason, why) => {
      const before = await state();
      const r = await panel(sb, 'arkkitehti', epic, 'requestWaiver', { itemId: architectItems[0]!, reason }, 'en-US');
      const { message, details } = refused(r);
      expect(`${message}\n${details.join('\n')}`).toMatch(why);
      expect(message).toMatch(/reason/);
      expect(await state()).toEqual(before);
    });

    it.each([
      ['NUL then javascript:', 'http://x/\u0000javascript:alert(1)', /U\+0000/],
      ['javascript:', 'javascript:alert(1)', /https:\/\/ or http:\/\//],
      ['data:', 'data:text/html,<script>alert(1)</script>', /https:\/\/ or http:\/\//],
      ['a right-to-left override', 'https://example.invalid/\u202Egnp.exe', /U\+202E/],
      ['inner whitespace', 'https://example.invalid/a b', /not a valid address/],
      ['a tab', 'https://example.invalid/\ta', /U\+0009/],
      ['no scheme', 'example.invalid/evidence', /not a valid address/],
    ])('an evidence link with %s is refused', async (_what, evidenceUrl, why) => {
      const before = await state();
      const r = await panel(sb, 'palvelustaVastaava', epic, 'attest', { conditionId: serviceOwnerCondition.id, evidenceUrl }, 'en-US');
      const { message } = refused(r);
      expect(message).toMatch(why);
      expect(message).toMatch(/evidenceUrl/);
      expect(await state()).toEqual(before);
    });

    it('a comment with a bidi override is refused; normalised text (NFC, trimmed) is what is stored', async () => {
      refused(await panel(sb, 'palvelustaVastaava', epic, 'attest', { conditionId: serviceOwnerCondition.id, comment: 'ok \u202E' }));
      const record = ok(
        await panel(sb, 'palvelustaVastaava', epic, 'attest', {
          conditionId: serviceOwnerCondition.id,
          evidenceUrl: '  https://example.invalid/näyttö  ',
          comment: '  Tarkistettu Cafe\u0301ssa\r\nrivi 2  ',
        }),
      );
      expect(record.comment).toBe('Tarkistettu Caféssa\nrivi 2');
      expect(record.comment).toBe(record.comment!.normalize('NFC'));
      expect(record.evidenceUrl).toBe('https://example.invalid/näyttö');
      ok(
        await panel(sb, 'palvelustaVastaava', epic, 'revokeAttestation', {
          conditionId: serviceOwnerCondition.id,
          reason: 'Testin siivous',
        }),
      );
    });

    it('a waiver reason of five characters after normalisation is accepted', async () => {
      const waiver = ok(
        await panel(sb, 'arkkitehti', epic, 'requestWaiver', {
          itemId: architectItems[1]!,
          reason: ' e\u0301e\u0301e\u0301e\u0301e\u0301 ',
        }),
      );
      expect(waiver.reason).toBe('ééééé');
    });
  });

  describe('a void approval confirmed again', () => {
    it('records a fresh approval at the current risk level, with its audit entry, instead of answering with the old one', async () => {
      const epic = await freshEpic('Mitätön hyväksyntä');
      const first = ok(await panel(sb, 'ohjausryhma', epic, 'attest', { conditionId: riskCondition.id, approval }));
      expect(first.approval?.riskLevel).toBe('medium');
      expect(ok(await panel(sb, 'ohjausryhma', epic, 'setRiskLevel', { riskLevel: 'high' })).voidedApprovals).toEqual([riskCondition.id]);
      const gate = t.gates.entry.conditions.some((c) => c.id === riskCondition.id) ? 'entry' : 'exit';
      const statusOf = async () =>
        ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {})).gates[gate].conditions.find((c) => c.conditionId === riskCondition.id)
          ?.status;
      expect(await statusOf()).toBe('void');

      // Confirming at the old level is refused with the reason; at the current level, a fresh record.
      const stale = refused(await panel(sb, 'ohjausryhma', epic, 'attest', { conditionId: riskCondition.id, approval }, 'en-US'));
      expect(stale.message).toMatch(/risk level is "high"/);
      const fresh = ok(
        await panel(sb, 'ohjausryhma', epic, 'attest', { conditionId: riskCondition.id, approval: { ...approval, riskLevel: 'high' } }),
      );
      expect(fresh.approval?.riskLevel).toBe('high');
      expect(fresh.attestedAt >= first.attestedAt).toBe(true);
      expect(await statusOf()).toBe('attested');
      const audit = ok(await panel(sb, 'hankepaallikko', epic, 'getAudit', {}));
      const added = audit.entries.filter((e) => e.action === 'attestation.added' && e.subject === riskCondition.id);
      expect(added).toHaveLength(2);
      expect(added.some((e) => (e.before as { approval?: { riskLevel?: string } } | undefined)?.approval?.riskLevel === 'medium')).toBe(
        true,
      );

      // Confirming a valid approval again records once and returns it.
      const again = ok(
        await panel(sb, 'ohjausryhma', epic, 'attest', { conditionId: riskCondition.id, approval: { ...approval, riskLevel: 'high' } }),
      );
      // (the record; each answer's delta is of the view at its own time)
      const record = ({ delta: _delta, ...rest }: typeof fresh) => rest;
      expect(record(again)).toEqual(record(fresh));
    });
  });

  describe('the roster is checked against Jira', () => {
    const architectAssignees = async () =>
      (await children(sb, epic.key)).filter((r) => architectItems.includes(r.itemId!)).map((r) => r.assignee);

    it.each([
      ['spaces', '   ', /no person is given/],
      ['the app account', 'sandbox-app', /app's account, not a person/],
      ['a user with no access to the project', 'sandbox-outsider', /no access to project DEMO/],
      ['an unknown account', 'no-such-user', /There is no user "no-such-user"/],
      ['a malformed id', 'a/b?c', /not an Atlassian account id/],
    ])('%s as architect is refused with the reason; roster and assignees untouched', async (_what, accountId, why) => {
      const before = await state();
      const assignees = await architectAssignees();
      expect(assignees.every((a) => a === DEFAULT_ROLE_HOLDERS.architect)).toBe(true);
      const r = await panel(sb, 'hankepaallikko', epic, 'setRosterMember', { role: 'architect', accountId }, 'en-US');
      const { message, details } = refused(r);
      expect(`${message}\n${details.join('\n')}`).toMatch(why);
      expect(await state()).toEqual(before);
      expect(await architectAssignees()).toEqual(assignees);
    });

    it('the reason is given in the caller’s language', async () => {
      const sv = refused(
        await panel(sb, 'hankepaallikko', epic, 'setRosterMember', { role: 'architect', accountId: 'sandbox-outsider' }, 'sv-SE'),
      );
      expect(sv.message).toMatch(/har ingen åtkomst till projektet DEMO/);
      const fi = refused(await panel(sb, 'hankepaallikko', epic, 'setRosterMember', { role: 'architect', accountId: 'sandbox-app' }));
      expect(fi.message).toMatch(/sovelluksen tili/);
    });
  });

  describe('unclear errors become INVALID_INPUT', () => {
    it.each([
      ['a path', '../__proto__'],
      ['a KVS key separator', 'x:y'],
      ['a space', 'A B'],
      ['300 non-ASCII letters', 'ä'.repeat(300)],
      ['nothing', ''],
    ])('decideWaiver with an item id of %s', async (_what, itemId) => {
      refused(await raw(sb, 'ohjausryhma', epic, 'decideWaiver', { itemId, approve: true }));
    });

    it('decideWaiver with a well-formed id of no item names the problem', async () => {
      const r = refused(await panel(sb, 'ohjausryhma', epic, 'decideWaiver', { itemId: 'no-such-item', approve: true }, 'en-US'));
      expect(r.message).toMatch(/Unknown item/);
    });

    it.each([
      ['with spaces and punctuation', 'not a cursor!'],
      ['that is base64 but not a KVS cursor', 'AAAA'],
      ['that is JSON', '{"key":"x"}'],
      ['of 2000 characters', 'x'.repeat(2000)],
    ])('a forged audit cursor %s', async (_what, cursor) => {
      const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const r = await panel(sb, 'hankepaallikko', epic, 'getAudit', { cursor }, 'en-US');
        if (r.ok) {
          // A cursor KVS can read is a real page of this epic's own trail, never an error.
          expect(Array.isArray(r.data.entries)).toBe(true);
        } else {
          expect(r.error.code).toBe('INVALID_INPUT');
          expect(r.error.message).toMatch(/cursor/);
        }
        expect(errors).not.toHaveBeenCalled();
      } finally {
        errors.mockRestore();
      }
    });

    it('a real page cursor still pages', async () => {
      const page = ok(await panel(sb, 'hankepaallikko', epic, 'getAudit', {}));
      if (page.nextCursor) ok(await panel(sb, 'hankepaallikko', epic, 'getAudit', { cursor: page.nextCursor }));
      expect(page.entries.length).toBeGreaterThan(0);
    });
  });

  describe('settings: default roster users and project roles are checked when saved', () => {
    it.each([
      ['an unknown default user', { architect: { type: 'user', accountId: 'no-such-user' } }, 'defaultRoster.architect.accountId'],
      ['the app account', { 'service-owner': { type: 'user', accountId: 'sandbox-app' } }, 'defaultRoster.service-owner.accountId'],
      [
        'a user with no access',
        { 'production-team': { type: 'user', accountId: 'sandbox-outsider' } },
        'defaultRoster.production-team.accountId',
      ],
      [
        'a project role that does not exist',
        { architect: { type: 'project-role', projectRoleId: '99999' } },
        'defaultRoster.architect.projectRoleId',
      ],
      ['a blank default user', { architect: { type: 'user', accountId: '   ' } }, 'defaultRoster.architect.accountId'],
    ] as const)('%s is refused naming the path, and the saved settings stay', async (_what, change, path) => {
      const before = ok(await settingsCall(sb, 'getSettings', {})).settings;
      const settings: ProjectSettings = { ...before, defaultRoster: { ...before.defaultRoster, ...change } };
      const r = await settingsCall(sb, 'saveSettings', { settings, locale: 'en-US' });
      const { details } = refused(r);
      expect(details.join('\n')).toContain(path);
      expect(ok(await settingsCall(sb, 'getSettings', {})).settings).toEqual(before);
    });

    it('unknown fields anywhere in the settings are refused', async () => {
      const before = ok(await settingsCall(sb, 'getSettings', {})).settings;
      for (const settings of [
        { ...before, isAdmin: true },
        { ...before, epicSelector: { mode: 'all-epics', extra: 1 } },
        { ...before, defaultRoster: { ...before.defaultRoster, pope: { type: 'none' } } },
        { ...before, defaultRoster: { ...before.defaultRoster, architect: { type: 'none', accountId: 'x' } } },
      ]) {
        refused(await settingsCall(sb, 'saveSettings', { settings }));
      }
      refused(await settingsCall(sb, 'saveSettings', { settings: before, extra: true }));
      expect(ok(await settingsCall(sb, 'getSettings', {})).settings).toEqual(before);
    });

    it.each([
      ['sv-SE', /epicSelector\.label: en Jira-etikett kan inte innehålla mellanslag/, /deliverableOwners\.[a-z.-]+: okänd leverans/],
      ['fi-FI', /epicSelector\.label: Jira-tunnisteessa ei voi olla välilyöntejä/, /deliverableOwners\.[a-z.-]+: tuntematon tuotos/],
      ['en-US', /epicSelector\.label: a Jira label cannot contain spaces/, /deliverableOwners\.[a-z.-]+: unknown deliverable/],
    ])('settings problems are given in the caller’s language (%s)', async (locale, labelProblem, ownerProblem) => {
      const before = ok(await settingsCall(sb, 'getSettings', {})).settings;
      const labelled = await settingsCall(sb, 'saveSettings', {
        settings: { ...before, epicSelector: { mode: 'label', label: 'has space' } },
        locale,
      });
      expect(refused(labelled).details.join('\n')).toMatch(labelProblem);
      const owners = await settingsCall(sb, 'saveSettings', {
        settings: { ...before, deliverableOwners: { 'no-such-deliverable': 'architect' } },
        locale,
      });
      const { message, details } = refused(owners);
      expect(message).toMatch(ownerProblem);
      expect(details.join('\n')).toMatch(ownerProblem);
      expect(ok(await settingsCall(sb, 'getSettings', {})).settings).toEqual(before);
    });

    it('valid defaults (a user, an existing project role) still save', async () => {
      const saved = await seedDemoSettings(sb, { force: true, settings: DEMO_SETTINGS });
      expect(saved.saved).toBe(true);
    });
  });

  describe('the locale comes from the payload, never from the context', () => {
    it('a Swedish UI gets a Swedish error even when the context has no locale', async () => {
      const { locale: _dropped, ...noLocale } = panelContext(ACCOUNT_IDS.ohjausryhma, epic);
      const r = await raw(sb, 'ohjausryhma', epic, 'setRiskLevel', { riskLevel: 'kohtalainen', locale: 'sv-SE' }, noLocale);
      expect(refused(r).message).toMatch(/^Ogiltig indata\./);
    });

    it('the context’s locale is ignored: no locale in the payload → Finnish', async () => {
      const r = await raw(
        sb,
        'ohjausryhma',
        epic,
        'setRiskLevel',
        { riskLevel: 'kohtalainen' },
        panelContext(ACCOUNT_IDS.ohjausryhma, epic, 'en-US'),
      );
      expect(refused(r).message).toMatch(/^Virheellinen syöte\./);
    });

    it('only the three normalised locales are accepted (the UI normalises sv_SE, en-GB once)', async () => {
      const r = await raw(sb, 'ohjausryhma', epic, 'getPanel', { locale: 'sv_SE' });
      const { details } = refused(r);
      expect(details.join('\n')).toMatch(/locale/);
    });
  });
});

describe("the host's invoke endpoint (the panel iframe's path)", () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it("the payload's locale wins over the frame's", async () => {
    let host: HostHandler | null = null;
    sb = await createSandbox({
      dbPath: ':memory:',
      port: 0,
      extraHandler: (req: IncomingMessage, res: ServerResponse) => (host ? host(req, res) : Promise.resolve(false)),
      harnessOptions: { triggerDelayMs: 0, logger: quiet },
    });
    host = createHostHandler({ sandbox: sb, pollMs: 0 });
    await seedDemoSettings(sb);
    const epic = await createEpic(sb, 'Isäntä');
    await sb.harness.triggers.drain();
    const invoke = async (payload: unknown, locale: string, functionKey = 'setRiskLevel', as: string = EMAILS.ohjausryhma) => {
      const frame = new URLSearchParams({
        module: 'phase-panel',
        as,
        locale,
        issueId: epic.id,
        issueKey: epic.key,
        issueType: 'Epic',
        projectId: DEMO_PROJECT.id,
        projectKey: DEMO_PROJECT.key,
      });
      const res = await fetch(`${sb.url}/__sandbox/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ frame: `?${frame}`, functionKey, payload }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { body: Result<unknown> }).body;
    };
    expect(refused(await invoke({ riskLevel: 'x', locale: 'sv-SE' }, 'en-US')).message).toMatch(/^Ogiltig indata\./);
    expect(refused(await invoke({ riskLevel: 'x' }, 'en-US')).message).toMatch(/^Virheellinen syöte\./);
    expect(refused(await invoke({ riskLevel: 'x', locale: 'en-US' }, 'fi-FI')).message).toMatch(/^Invalid input\./);

    // The privilege-by-payload and roster cases through the iframe's path: refused, nothing changed.
    const before = ok((await invoke({}, 'fi-FI', 'getPanel')) as Result<PanelView>);
    const assigneesBefore = (await children(sb, epic.key)).map((r) => r.assignee);
    const payloadPrivilege = await invoke(
      { conditionId: serviceOwnerCondition.id, approval, locale: 'en-US' },
      'fi-FI',
      'attest',
      EMAILS.palvelustaVastaava,
    );
    expect(refused(payloadPrivilege).message).toMatch(/takes no risk acceptance/);
    for (const accountId of ['   ', 'sandbox-app', 'sandbox-outsider']) {
      refused(await invoke({ role: 'architect', accountId, locale: 'en-US' }, 'fi-FI', 'setRosterMember', EMAILS.hankepaallikko));
    }
    const after = ok((await invoke({}, 'fi-FI', 'getPanel')) as Result<PanelView>);
    expect([after.roster, after.attestations, after.phase?.riskLevel]).toEqual([
      before.roster,
      before.attestations,
      before.phase?.riskLevel,
    ]);
    expect((await children(sb, epic.key)).map((r) => r.assignee)).toEqual(assigneesBefore);
  });
});

describe('the panel context: the issue id is the identity and the key must belong to it', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('refuses every panel action when the id and key name different epics; startPhase creates nothing anywhere', async () => {
    sb = await startApp();
    // Label mode: new epics do not start by themselves, so only startPhase could start them.
    await seedDemoSettings(sb, { force: true, settings: { ...DEMO_SETTINGS, epicSelector: { mode: 'label', label: 'kayttoonotto' } } });
    const a = await createEpic(sb, 'Epic A');
    const b = await createEpic(sb, 'Epic B');
    await sb.harness.triggers.drain();
    const forged = { id: a.id, key: b.key };
    for (const name of ['startPhase', 'resync', 'getPanel', 'getAudit'] as const) {
      const r = await panel(sb, 'hankepaallikko', forged, name, {}, 'en-US');
      expect(refused(r).message).toMatch(/issue id and key name different issues/);
    }
    await sb.harness.triggers.drain();
    expect(await children(sb, a.key)).toHaveLength(0);
    expect(await children(sb, b.key)).toHaveLength(0);
    expect(ok(await panel(sb, 'hankepaallikko', a, 'getPanel', {})).phase).toBeNull();
    expect(ok(await panel(sb, 'hankepaallikko', b, 'getPanel', {})).phase).toBeNull();
    // The matching pair still works.
    ok(await panel(sb, 'hankepaallikko', a, 'startPhase', {}));
    await sb.harness.triggers.drain();
    expect(await children(sb, a.key)).toHaveLength(38);
    expect(await children(sb, b.key)).toHaveLength(0);
  });

  it('refuses a context without a numeric issue id', async () => {
    sb = await startApp();
    const a = await createEpic(sb, 'Epic C');
    await sb.harness.triggers.drain();
    for (const id of ['', 'abc', '0', '-1']) {
      refused(await panel(sb, 'hankepaallikko', { id, key: a.key }, 'getPanel', {}));
    }
  });
});
