/**
 * Every Custom UI frame the host pages embed gets the same iframe sandbox as Jira gives it: no popups unless the
 * manifest's `fetch.client` has "*" (manifest-reference/permissions, "Popups"; the sandbox's fidelity table). The
 * glance, project page and gadget frames once hard-coded `allow-popups`, so a popup worked there and nowhere in Jira.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSandbox, type Sandbox } from '@kayttoonotto/forge-sandbox';
import { createHostHandler, type HostHandler } from '@kayttoonotto/forge-sandbox/host';
import { seedDemoSettings } from '../../dev/sandbox/demo';
import { createEpic } from '../app/helpers';

const PM = 'hankepaallikko@sandbox.test';
const STEERING = 'ohjausryhma@sandbox.test';

describe('host pages: the iframe sandbox of every app frame', () => {
  let sb: Sandbox;
  let epicKey: string;
  beforeAll(async () => {
    let host: HostHandler | null = null;
    sb = await createSandbox({
      dbPath: ':memory:',
      port: 0,
      extraHandler: (req: IncomingMessage, res: ServerResponse) => (host ? host(req, res) : Promise.resolve(false)),
      harnessOptions: { triggerDelayMs: 0 },
    });
    host = createHostHandler({ sandbox: sb, pollMs: 0 });
    await seedDemoSettings(sb);
    epicKey = (await createEpic(sb, 'Kehykset')).key;
    await sb.harness.triggers.drain();
  });
  afterAll(async () => {
    await sb.close();
  });

  const framesOf = async (path: string, as: string): Promise<{ testId: string; sandbox: string }[]> => {
    const html = await (await fetch(`${sb.url}${path}${path.includes('?') ? '&' : '?'}as=${encodeURIComponent(as)}`)).text();
    return [...html.matchAll(/<iframe\b[^>]*>/g)].map((m) => ({
      testId: /data-testid="([^"]+)"/.exec(m[0])?.[1] ?? '',
      sandbox: /\bsandbox="([^"]*)"/.exec(m[0])?.[1] ?? '(none)',
    }));
  };

  it('the panel, glance, project page, gadget and settings frames: scripts, forms and downloads, never popups', async () => {
    const frames = [
      ...(await framesOf(`/browse/${epicKey}`, PM)),
      ...(await framesOf('/projects/DEMO/kayttoonotto', STEERING)),
      ...(await framesOf('/dashboard', STEERING)),
    ];
    expect(frames.map((f) => f.testId)).toEqual(
      expect.arrayContaining(['panel-frame', 'context-frame', 'deployments-frame', 'gadget-frame']),
    );
    for (const f of frames) {
      expect({ frame: f.testId, sandbox: f.sandbox }).toEqual({
        frame: f.testId,
        sandbox: 'allow-scripts allow-same-origin allow-forms allow-downloads allow-modals',
      });
    }
  });
});
