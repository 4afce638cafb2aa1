/**
 * What the real platform does with the manifest that the schema does not catch (issue 10, items 5-7):
 * the panel icon is in the built resource, the panel resizes itself, it is not hidden by an issue
 * type's name, and the validators are offered in team-managed projects too.
 */
// @ts-nocheck

import fs from 'node:fs';
import path from 'node:path';
import { readManifest, REPO_ROOT } from '../../scripts/forge-checks';

const manifest = readManifest(path.join(REPO_ROOT, 'manifest.yml'));
type Entry = Record<string, unknown> & { key: string };
const modules = (type: string): Entry[] => ((manifest.modules as Record<string, Entry[] | undefined>)[type] ?? []) as Entry[];
const resources = new Map((manifest.resources ?? []).map((r) => [r.key, r.path]));

/** Every value of `icon` in the modules. */
function icons(): { module: string; icon: string }[] {
  return Object.values(manifest.modules as Record<string, Entry[]>)
    .flat()
    .filter((m) => typeof m.icon === 'string')
    .map((m) => ({ module: m.key, icon: m.icon as string }));
}

describe('manifest against the platform', () => {
  it('every resource:<key>;<path> icon is in what the build puts in that resource (docs: custom-ui, "Icons")', () => {
    const refs = icons().filter((i) => i.icon.startsWith('resource:'));
    expect(refs.length).toBeGreaterThan(0);
    for (const { module, icon } of refs) {
      const [key = '', file = ''] = icon.slice('resource:'.length).split(';');
      const buildDir = resources.get(key);
      expect({ module, resource: key, declared: buildDir !== undefined }).toEqual({ module, resource: key, declared: true });
      // vite copies <app>/public/* to the root of <app>/build (static/vite.config.mts: root = static/<app>)
      const appDir = path.dirname(path.join(REPO_ROOT, buildDir as string));
      const source = path.join(appDir, 'public', file);
      expect({ module, icon, inPublicDir: fs.existsSync(source) }).toEqual({ module, icon, inPublicDir: true });
      const built = path.join(REPO_ROOT, buildDir as string, file);
      if (fs.existsSync(path.join(REPO_ROOT, buildDir as string, 'index.html')))
        expect({ icon, built: fs.existsSync(built) }).toEqual({ icon, built: true });
    }
  });

  it('the issue panel has no viewportSize (it would fix the height; docs: jira-issue-panel)', () => {
    for (const panel of modules('jira:issuePanel'))
      expect({ key: panel.key, viewportSize: panel.viewportSize }).toEqual({ key: panel.key, viewportSize: undefined });
  });

  it('no display condition matches an issue type by name (renamed or localised types would hide the panel)', () => {
    const uses = (v: unknown): boolean =>
      Array.isArray(v)
        ? v.some(uses)
        : v !== null && typeof v === 'object'
          ? Object.entries(v).some(([k, x]) => k === 'issueType' || uses(x))
          : false;
    for (const panel of modules('jira:issuePanel'))
      expect({ key: panel.key, byTypeName: uses(panel.displayConditions) }).toEqual({ key: panel.key, byTypeName: false });
  });

  it('the workflow validators declare projectTypes for both project types (default: company-managed only)', () => {
    const validators = modules('jira:workflowValidator');
    expect(validators.length).toBe(2);
    for (const v of validators)
      expect({ key: v.key, projectTypes: v.projectTypes }).toEqual({ key: v.key, projectTypes: ['company-managed', 'team-managed'] });
  });
});

describe('scopes (issue 10, item 13)', () => {
  it('no manage:/admin: scope: the setup check reads workflows with the granular read:workflow:jira', () => {
    const scopes = (manifest.permissions?.scopes ?? []) as string[];
    expect(scopes.filter((s) => /^(manage|admin):/.test(s))).toEqual([]);
    // OpenAPI, POST /rest/api/3/workflows: x-atlassian-oauth2-scopes [manage:jira-configuration] | [read:workflow:jira]
    expect(scopes).toContain('read:workflow:jira');
  });
});
