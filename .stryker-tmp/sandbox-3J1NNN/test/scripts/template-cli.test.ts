// @ts-nocheck
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { CURRENT_TEMPLATE, serializeTemplate } from '../../src/core/template';
import { runTemplateCli } from '../../scripts/template';

const ROOT = path.join(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const builtIn = serializeTemplate(CURRENT_TEMPLATE, 'yaml');

/** Files held in memory for the CLI. */
function files(map: Record<string, string>) {
  return (p: string) => {
    if (!(p in map)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    return map[p] as string;
  };
}

describe('template export', () => {
  it('prints the built-in template as YAML by default and as JSON on request', () => {
    const yaml = runTemplateCli(['export']);
    expect(yaml).toEqual({ code: 0, stdout: builtIn, stderr: '' });
    const json = runTemplateCli(['export', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(YAML.parse(builtIn));
    expect(runTemplateCli(['export', '--format=json']).stdout).toBe(json.stdout);
  });

  it('refuses an unknown format', () => {
    const r = runTemplateCli(['export', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format: expected yaml or json/);
  });
});

describe('template validate', () => {
  it('exits 0 with a summary for a valid file', () => {
    const r = runTemplateCli(['validate', 't.yaml'], files({ 't.yaml': builtIn }));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'kayttoonotto 1.0.0 (draft): valid',
      'roles: 6 (project-manager, service-owner, architect, implementation-team, production-team, steering-group)',
      'duties: 28',
      'deliverables: 10',
      'conditions: 16 (entry 5, exit 11; 14 confirmed by a person, 2 automatic)',
      '',
    ]);
  });

  it('exits 1 with one line per problem, each starting with its path', () => {
    const d = YAML.parse(builtIn);
    d.items[3].role = 'arkkitehtti';
    d.items[4].colour = 'red';
    d.items[5].id = d.items[6].id;
    delete d.items[7].text.fi;
    d.gates.exit.conditions[0].attestRoles = [];
    const r = runTemplateCli(['validate', 'bad.yaml'], files({ 'bad.yaml': YAML.stringify(d) }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^items\[3\]\.role: unknown role "arkkitehtti"/),
      'items[4].colour: unknown field "colour"',
      'items[7].text.fi: Finnish text is missing',
      'gates.exit.conditions[0].attestRoles: no role can confirm this condition (name at least one role)',
      expect.stringMatching(/^items\[6\]\.id: duplicate id ".*" \(also at items\[5\]\.id\)$/),
    ]);
  });

  it("exits 1 naming the path of a text with a control, bidi or invisible character (the app's one text rule)", () => {
    const d = YAML.parse(builtIn);
    d.items[3].text.fi = 'Tehtävä\u0000';
    d.items[4].text.sv = 'Uppgift\u0007';
    d.name.en = 'Deployment\u202Etxt.exe';
    d.sections[0].title.fi = 'Vaihe\u200Byksi';
    for (const [name, text] of [
      ['bad.yaml', YAML.stringify(d)],
      ['bad.json', JSON.stringify(d)],
    ]) {
      const r = runTemplateCli(['validate', name!], files({ [name!]: text! }));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        'name.en: contains a text-direction character (U+202E) that cannot be stored',
        'sections[0].title.fi: contains an invisible character (U+200B) that cannot be stored',
        'items[3].text.fi: contains a control character (U+0000) that cannot be stored',
        'items[4].text.sv: contains a control character (U+0007) that cannot be stored',
      ]);
    }
  });

  it('exits 1 naming the file it cannot read', () => {
    const r = runTemplateCli(['validate', 'missing.yaml'], files({}));
    expect(r).toEqual({ code: 1, stdout: '', stderr: '(document): cannot read missing.yaml (ENOENT)\n' });
  });
});

describe('template diff', () => {
  it('prints + / - / ~ lines and exits 0', () => {
    const d = YAML.parse(builtIn);
    d.version = '1.1.0';
    d.items.push({ ...d.items[0], id: 'duty.extra.audit' });
    const gone = d.items.splice(2, 1)[0].id;
    d.items[0].mandatory = false;
    const r = runTemplateCli(['diff', 'old.yaml', 'new.json'], files({ 'old.yaml': builtIn, 'new.json': JSON.stringify(d) }));
    expect(r).toEqual({
      code: 0,
      stdout: ['~ kayttoonotto version', `~ ${d.items[0].id} mandatory`, '+ duty.extra.audit', `- ${gone}`, ''].join('\n'),
      stderr: '',
    });
  });

  it('exits 1 when a side is invalid, naming the file and the path', () => {
    const r = runTemplateCli(['diff', 'a.yaml', 'b.yaml'], files({ 'a.yaml': builtIn, 'b.yaml': 'id: x\nid: y\n' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^b\.yaml: \(document\): line 2, column 1: a key is written twice/);
  });
});

describe('npm run -s template (the real command)', () => {
  it('exports, validates and diffs through tsx with the documented exit codes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-cli-'));
    try {
      const run = (...args: string[]) => spawnSync(TSX, ['scripts/template.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
      const exported = execFileSync(TSX, ['scripts/template.ts', 'export', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
      const good = path.join(dir, 'good.json');
      fs.writeFileSync(good, exported);
      const ok = run('validate', good);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toMatch(/^kayttoonotto 1\.0\.0 \(draft\): valid/);
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, exported.replace('"role": "architect"', '"role": "arkkitehtti"'));
      const ko = run('validate', bad);
      expect(ko.status).toBe(1);
      expect(ko.stderr).toMatch(/^items\[\d+\]\.role: unknown role "arkkitehtti"/);
      const diff = run('diff', good, bad);
      expect(diff.status).toBe(1);
      const same = run('diff', good, good);
      expect(same.status).toBe(0);
      expect(same.stdout).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
