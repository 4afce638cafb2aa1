/**
 * A closure dossier cannot be re-digested: the app records the digest of every dossier it gives out
 * (its own storage and the audit trail), and the panel's check (`verifyDossier`) tells a dossier the
 * app gave out from one edited and given a freshly computed digest (strict mode, through the sandbox).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { ACCOUNT_IDS } from '@kayttoonotto/forge-sandbox/jira/seed';
import { settingsContext } from '../../dev/sandbox/demo';
import type { Result } from '../../src/shared/api';
import type { DossierCheck } from '../../src/shared/dossier';
import { digestOf } from '../../src/core/dossier';
import type { Dossier } from '../../src/shared/dossier';
import { closeEpic } from './close-helpers';
import { createEpic, jira, ok, panel, startApp } from './helpers';

/** The dossier edited (a person's name changed) and given the digest of its edited content. */
function reDigested(d: Dossier): Dossier {
  const content = structuredClone(d.content);
  const someone = content.people.find((p) => p.displayName)!;
  someone.displayName = `${someone.displayName} (muokattu)`;
  return { content, digest: { ...d.digest, value: digestOf(content) } };
}

describe('the closure dossier is verified against the record the app keeps', () => {
  let sb: Sandbox;
  let epic: { id: string; key: string };
  let dossier: Dossier;
  beforeAll(async () => {
    sb = await startApp();
    epic = await createEpic(sb, 'Arkistoitava vaihe');
    await sb.harness.triggers.drain();
    await closeEpic(sb, epic);
    dossier = ok(await panel(sb, 'hankepaallikko', epic, 'getDossier', {})).dossier;
  }, 90_000);
  afterAll(async () => {
    await sb.close();
  });

  const check = (text: string, as: 'hankepaallikko' | 'ohjausryhma' | 'outsider' = 'ohjausryhma', on = epic) =>
    panel(sb, as, on, 'verifyDossier', { text });

  it('the untouched dossier passes; the same one edited and re-digested fails (its own digest still matches)', async () => {
    const text = JSON.stringify(dossier, null, 2);
    expect(ok(await check(text))).toEqual({
      outcome: 'verified',
      digest: dossier.digest.value,
      epicKey: epic.key,
      generatedAt: dossier.content.generatedAt,
    });
    const forged = reDigested(dossier);
    const forgedText = JSON.stringify(forged, null, 2);
    // The offline check sees nothing wrong: it checks integrity only.
    const dir = mkdtempSync(join(tmpdir(), 'dossier-'));
    try {
      const file = join(dir, 'forged.json');
      writeFileSync(file, forgedText);
      const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/dossier.ts', 'verify', file], { encoding: 'utf8' });
      expect(out).toContain('integrity only');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(ok(await check(forgedText))).toMatchObject({ outcome: 'not-issued', digest: forged.digest.value });
  });

  it('an edit without a new digest is "altered"; a file that is not a dossier says so', async () => {
    const edited = structuredClone(dossier);
    edited.content.epic.summary = 'Toinen nimi';
    expect(ok(await check(JSON.stringify(edited))).outcome).toBe('altered');
    expect(ok(await check('{"content": {}}')).outcome).toBe('not-a-dossier');
    expect(ok(await check('not json')).outcome).toBe('not-a-dossier');
  });

  it('the record is the app’s: in its storage and in the audit trail; every dossier given out verifies', async () => {
    const dump = sb.harness.kvs.dump();
    expect(dump[`epic:${epic.id}:dossier:${dossier.digest.value}`]).toMatchObject({ digest: dossier.digest.value });
    // The trail is listed with kvs.query, which lags behind writes in strict mode: let it catch up with the
    // first dossier's entry before the second dossier lists the trail.
    sb.harness.kvs.settleQueries();
    const second = ok(await panel(sb, 'hankepaallikko', epic, 'getDossier', {})).dossier;
    expect(second.digest.value).not.toBe(dossier.digest.value); // generated at another moment
    expect(second.content.audit.some((e) => e.action === 'dossier.recorded' && e.subject === dossier.digest.value)).toBe(true);
    expect(ok(await check(JSON.stringify(second))).outcome).toBe('verified');
    expect(ok(await check(JSON.stringify(dossier))).outcome).toBe('verified');
  });

  it('a dossier of another epic is named as such; someone who cannot see the epic is refused', async () => {
    const other = await createEpic(sb, 'Toinen vaihe');
    await sb.harness.triggers.drain();
    expect(ok(await check(JSON.stringify(dossier), 'hankepaallikko', other))).toMatchObject({ outcome: 'other-epic', epicKey: epic.key });
    const outsider = await check(JSON.stringify(dossier), 'outsider');
    expect(outsider.ok === false && outsider.error.code).toBe('NOT_FOUND');
    const extra = await panel(sb, 'ohjausryhma', epic, 'verifyDossier', { text: '{}', digest: 'x' } as never);
    expect(extra.ok === false && extra.error.code).toBe('INVALID_INPUT');
  });

  it("the dossier file is named in the caller's language, and its page in Finnish shows Finnish time and words, not codes (issue 23)", async () => {
    const fi = ok(await panel(sb, 'hankepaallikko', epic, 'getDossier', {}, 'fi-FI'));
    expect(fi.fileName).toBe(`${epic.key}-sulkemisasiakirja`);
    const sv = ok(await panel(sb, 'hankepaallikko', epic, 'getDossier', {}, 'sv-SE'));
    expect(sv.fileName).toBe(`${epic.key}-avslutningsdokument`);
    const page = fi.html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
    expect(page).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(page).toContain('Ajat ovat Suomen aikaa (Helsinki).');
    expect(page).toContain('Vaihe aloitettu');
    expect(page).not.toMatch(/\bphase\.started\b|\battestation\.added\b/);
  });

  it('the settings page checks a dossier of any epic of the project, also once the epic is deleted', async () => {
    const onSettings = async (text: string, as: 'admin' | 'outsider' = 'admin') =>
      (await sb.harness.invokeResolver(
        'settings-resolver',
        'verifyDossier',
        { text },
        settingsContext(ACCOUNT_IDS[as]),
      )) as Result<DossierCheck>;
    expect(ok(await onSettings(JSON.stringify(dossier))).outcome).toBe('verified');
    expect(ok(await onSettings(JSON.stringify(reDigested(dossier)))).outcome).toBe('not-issued');
    const elsewhere = structuredClone(dossier);
    elsewhere.content.epic.projectId = '99999';
    expect(
      ok(await onSettings(JSON.stringify({ ...elsewhere, digest: { ...elsewhere.digest, value: digestOf(elsewhere.content) } }))).outcome,
    ).toBe('other-project');
    const outsider = await onSettings(JSON.stringify(dossier), 'outsider');
    expect(outsider.ok).toBe(false);
    // The archive outlives the issue: the record is the app's, not Jira's. (An epic of its own is deleted,
    // so that the other tests keep theirs whatever order they run in.)
    const gone = await createEpic(sb, 'Poistettava vaihe');
    await sb.harness.triggers.drain();
    await closeEpic(sb, gone);
    const goneDossier = ok(await panel(sb, 'hankepaallikko', gone, 'getDossier', {})).dossier;
    expect((await jira(sb, 'admin', 'DELETE', `/rest/api/3/issue/${gone.key}?deleteSubtasks=true`)).status).toBe(204);
    expect(ok(await onSettings(JSON.stringify(goneDossier))).outcome).toBe('verified');
    expect(ok(await onSettings(JSON.stringify(dossier))).outcome).toBe('verified');
  }, 90_000);
});
