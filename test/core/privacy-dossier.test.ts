/** The pure parts of issue 14: account ids in records, pseudonyms, audit replay, canonical JSON and the dossier digest. */
import { accountIdsOf, isReportableAccountId, membersWithoutClosed, pseudonymOf, pseudonymise } from '../../src/core/privacy';
import { replayAudit, replayDifferences } from '../../src/core/audit-replay';
import { canonicalJson, digestOf, verifyDossier } from '../../src/core/dossier';
import type { AuditEntry } from '../../src/shared/api';
import { DOSSIER_FORMAT, DOSSIER_FORMAT_VERSION } from '../../src/shared/dossier';
import { isPseudonym } from '../../src/shared/privacy';

describe('account ids in stored records', () => {
  it('finds the ids of every kind of record, and nothing else', () => {
    expect(accountIdsOf('epic:1:roster:architect', 'abc-1')).toEqual(['abc-1']);
    expect(accountIdsOf('epic:1:meta', { epicId: '1', startedBy: 'app', templateId: 'x' })).toEqual([]);
    expect(accountIdsOf('epic:1:att:c', { conditionId: 'c', attestedBy: 'u1', comment: 'u2 said so' })).toEqual(['u1']);
    expect(accountIdsOf('epic:1:waiver:i', { requestedBy: 'u1', decidedBy: 'u2', reason: 'x' }).sort()).toEqual(['u1', 'u2']);
    // The steering group's entry gate waiver and a saved project template version name their people too.
    expect(accountIdsOf('epic:1:entry-waiver', { waivedBy: 'u3', asRole: 'steering-group', reason: 'x' })).toEqual(['u3']);
    expect(accountIdsOf('ptpl:10000:kayttoonotto:1.1.0', { templateId: 'kayttoonotto', savedBy: 'u4', template: {} })).toEqual(['u4']);
    expect(
      accountIdsOf('settings:10000', {
        updatedBy: 'u9',
        defaultRoster: { architect: { type: 'user', accountId: 'u3' }, 'service-owner': { type: 'none' } },
      }).sort(),
    ).toEqual(['u3', 'u9']);
    expect(accountIdsOf('decision:1:i:2026', { by: 'u4', status: 'approved' })).toEqual(['u4']);
    expect(
      accountIdsOf('audit:1:0001-a', { by: 'u5', action: 'roster.changed', subject: 'architect', before: 'u6', after: 'u7' }).sort(),
    ).toEqual(['u5', 'u6', 'u7']);
    expect(
      accountIdsOf('audit:1:0001-b', {
        by: 'app',
        action: 'phase.started',
        after: { templateVersion: '1.0.0', roster: { architect: 'u8' } },
      }),
    ).toEqual(['u8']);
    expect(accountIdsOf('audit:1:0001-c', { by: 'u1', action: 'risk.changed', before: 'low', after: 'high' })).toEqual(['u1']);
  });

  it('never reports the app, "unknown", a pseudonym or a malformed id', () => {
    for (const id of ['app', 'unknown', 'closed-account-0123456789abcdef0123', '', 'a b', 'x'.repeat(129), 5])
      expect(isReportableAccountId(id)).toBe(false);
    for (const id of ['5be24ad8b1653240376955d2', '712020:43bef256-d20e-4e9a-b127-15935b53fe70'])
      expect(isReportableAccountId(id)).toBe(true);
  });
});

describe('pseudonyms', () => {
  it('a closed account leaves a role`s further people, the others in their order', () => {
    expect(membersWithoutClosed(['x', 'gone', 'y'], new Set(['gone']))).toEqual(['x', 'y']);
    expect(membersWithoutClosed(['gone'], new Set(['gone']))).toEqual([]);
    expect(membersWithoutClosed(['x', 'y'], new Set(['gone']))).toBeNull();
  });

  it('are stable per secret and account, differ between accounts and secrets, and are recognised', () => {
    const a = pseudonymOf('u1', 'secret');
    expect(pseudonymOf('u1', 'secret')).toBe(a);
    expect(pseudonymOf('u2', 'secret')).not.toBe(a);
    expect(pseudonymOf('u1', 'other')).not.toBe(a);
    expect(isPseudonym(a)).toBe(true);
    expect(a).toMatch(/^closed-account-[0-9a-f]{20}$/);
  });

  it('replace every occurrence in strings and keys, longest first, and leave other values alone', () => {
    const map = new Map([
      ['u1', 'P1'],
      ['u12', 'P12'],
      ['Olli O', 'P1'],
    ]);
    const value = { by: 'u1', roster: { u12: 'u12' }, text: 'Olli O and u1, not u2', n: 3, list: ['u1', null, true] };
    const r = pseudonymise(value, map);
    expect(r.changed).toBe(true);
    expect(r.value).toEqual({ by: 'P1', roster: { P12: 'P12' }, text: 'P1 and P1, not u2', n: 3, list: ['P1', null, true] });
    expect(pseudonymise({ by: 'u3' }, map)).toEqual({ value: { by: 'u3' }, changed: false });
  });
});

describe('audit replay', () => {
  const entry = (n: number, e: Partial<AuditEntry>): AuditEntry =>
    ({
      id: `${9999 - n}-x`,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      by: 'u1',
      action: 'risk.changed',
      ...e,
    }) as AuditEntry;
  const att = { conditionId: 'c1', attestedBy: 'u2', attestedAt: '2026-01-01T00:00:05.000Z', asRole: 'steering-group' as const };
  const trail = [
    entry(1, { action: 'phase.started', after: { templateVersion: '1.0.0', roster: { architect: 'u3', 'steering-group': 'u2' } } }),
    entry(2, { action: 'roster.changed', subject: 'architect', before: 'u3', after: 'u4' }),
    entry(3, { action: 'risk.changed', before: null, after: 'high' }),
    entry(4, { action: 'attestation.added', subject: 'c1', after: att }),
    entry(5, { action: 'roster.changed', by: 'app', subject: 'steering-group', before: 'u2', after: null }),
  ];
  it('gives the stored state from a consistent trail, in any order', () => {
    const stored = { roster: { architect: 'u4' }, riskLevel: 'high', attestations: [att], waivers: [] };
    expect(replayDifferences(replayAudit([...trail].reverse()), stored)).toEqual([]);
  });
  it('names what differs when the trail and the state disagree', () => {
    const stored = { roster: { architect: 'u3' }, riskLevel: 'low', attestations: [], waivers: [] };
    expect(replayDifferences(replayAudit(trail), stored)).toEqual([
      'roster.architect: u4 ≠ u3',
      'riskLevel: high ≠ low',
      'attestation c1 differs',
    ]);
  });
});

describe('canonical JSON (RFC 8785) and the digest', () => {
  it('matches the RFC 8785 examples', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    const keys = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const order = [...canonicalJson(keys).matchAll(/:"([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
    expect(canonicalJson({ b: 1, a: undefined, c: [undefined] })).toBe('{"b":1,"c":[null]}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow('finite');
  });

  it('a dossier verifies until one character of its content changes', () => {
    const content = {
      format: DOSSIER_FORMAT,
      formatVersion: DOSSIER_FORMAT_VERSION,
      epic: { key: 'DEMO-1' },
      waivers: [{ reason: 'Ei migraatiota' }],
    };
    const doc = { content, digest: { algorithm: 'SHA-256', canonicalization: 'RFC 8785', value: digestOf(content) } };
    expect(verifyDossier(doc)).toMatchObject({ ok: true, problems: [] });
    expect(verifyDossier(JSON.parse(JSON.stringify(doc).replace('Ei migraatiota', 'Ei migraatiotA')))).toMatchObject({ ok: false });
    // Member order and whitespace do not matter; the digest is of the canonical form.
    const reordered = JSON.parse(
      JSON.stringify(
        { digest: doc.digest, content: { waivers: content.waivers, epic: content.epic, formatVersion: 1, format: DOSSIER_FORMAT } },
        null,
        4,
      ),
    ) as unknown;
    expect(verifyDossier(reordered).ok).toBe(true);
    expect(verifyDossier({ content: { ...content, format: 'x' }, digest: doc.digest }).problems).toEqual(
      expect.arrayContaining([expect.stringContaining('content.format')]),
    );
    expect(verifyDossier(null).ok).toBe(false);
  });
});

describe('the documented free-text limits are the ones the resolvers enforce', () => {
  it('accepts text of the maximum length and refuses one character more', async () => {
    const { schemas } = await import('../../src/resolvers/schemas');
    const { FREE_TEXT_MAX } = await import('../../src/shared/privacy');
    const cases: [string, { safeParse(v: unknown): { success: boolean } }, (s: string) => unknown, number][] = [
      ['waiver reason', schemas.requestWaiver, (s) => ({ itemId: 'x', reason: s }), FREE_TEXT_MAX.reason],
      ['revocation reason', schemas.revokeAttestation, (s) => ({ conditionId: 'x', reason: s }), FREE_TEXT_MAX.reason],
      ['attestation comment', schemas.attest, (s) => ({ conditionId: 'x', comment: s }), FREE_TEXT_MAX.comment],
      ['decision comment', schemas.decideWaiver, (s) => ({ itemId: 'x', approve: true, comment: s }), FREE_TEXT_MAX.comment],
      // A link must be an http(s) address of that many characters in all.
      [
        'evidence link',
        schemas.attest,
        (s) => ({ conditionId: 'x', evidenceUrl: `https://e.fi/${s.slice(13)}` }),
        FREE_TEXT_MAX.evidenceUrl,
      ],
    ];
    for (const [name, schema, payload, max] of cases) {
      expect({ name, ok: schema.safeParse(payload('a'.repeat(max))).success }).toEqual({ name, ok: true });
      expect({ name, ok: schema.safeParse(payload('a'.repeat(max + 1))).success }).toEqual({ name, ok: false });
    }
    // Levels are no free text at all: only the listed values are accepted.
    expect(schemas.setRiskLevel.safeParse({ riskLevel: 'medium' }).success).toBe(true);
    expect(schemas.setRiskLevel.safeParse({ riskLevel: 'a'.repeat(FREE_TEXT_MAX.level) }).success).toBe(false);
  });
});
