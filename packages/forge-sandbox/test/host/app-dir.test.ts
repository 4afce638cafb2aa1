/**
 * The package knows no app: the app it runs is found in $FORGE_APP_DIR (else the current directory), and the host
 * takes the app's translations and module titles from the resources and `title.i18n` keys its manifest names
 * (manifest-reference/modules: `title: { i18n: <key> }`; the `translations` section), wherever they are.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHostHandler, createSandbox, defaultManifestPath, type HostHandler, type Sandbox } from '../../src';

const MANIFEST = `
modules:
  jira:projectPage:
    - key: probe-page
      resource: main
      resolver:
        function: probe-resolver
      title:
        i18n: probe.pageTitle
  function:
    - key: probe-resolver
      handler: index.resolver
resources:
  - key: main
    path: ui
permissions:
  scopes:
    - read:jira-work
translations:
  resources:
    - key: en-US
      path: texts/english.json
    - key: fi-FI
      path: texts/finnish.json
  fallback:
    default: en-US
app:
  id: ari:cloud:ecosystem::app/11111111-2222-4333-8444-666666666666
`;

describe('the app the sandbox runs is an option, not a path of this repository', () => {
  let dir: string;
  let sb: Sandbox | undefined;
  const saved = process.env.FORGE_APP_DIR;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'forge-sandbox-app-dir-'));
    mkdirSync(join(dir, 'ui'));
    mkdirSync(join(dir, 'texts'));
    writeFileSync(join(dir, 'manifest.yml'), MANIFEST);
    writeFileSync(join(dir, 'ui', 'index.html'), '<!doctype html><title>probe</title>');
    writeFileSync(join(dir, 'texts', 'english.json'), JSON.stringify({ probe: { pageTitle: 'Probe deployments' } }));
    writeFileSync(join(dir, 'texts', 'finnish.json'), JSON.stringify({ probe: { pageTitle: 'Koettimen käyttöönotot' } }));
    process.env.FORGE_APP_DIR = dir;
  });

  afterEach(async () => {
    await sb?.close();
    sb = undefined;
    if (saved === undefined) delete process.env.FORGE_APP_DIR;
    else process.env.FORGE_APP_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('$FORGE_APP_DIR names the manifest the harness and the host read, with its translations where it puts them', async () => {
    expect(defaultManifestPath()).toBe(join(dir, 'manifest.yml'));
    let host: HostHandler | null = null;
    sb = await createSandbox({
      extraHandler: (req: IncomingMessage, res: ServerResponse) => (host ? host(req, res) : Promise.resolve(false)),
      setUp: async (sandbox) => {
        host = createHostHandler({ sandbox });
      },
    });
    expect(sb.harness.manifest.functions.has('probe-resolver')).toBe(true);

    const page = await (await fetch(`${sb.url}/projects/DEMO?locale=fi-FI`)).text();
    expect(page).toMatch(/data-testid="deployments-link"[^>]*>Koettimen käyttöönotot</);

    const english = await fetch(`${sb.url}/__forge/main/__LOCALES__/en-US.json`);
    expect(english.status).toBe(200);
    expect(await english.json()).toEqual({ probe: { pageTitle: 'Probe deployments' } });
    expect((await fetch(`${sb.url}/__forge/main/__LOCALES__/sv-SE.json`)).status).toBe(404);
  });
});
