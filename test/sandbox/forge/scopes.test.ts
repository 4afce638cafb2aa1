import { readFileSync } from 'node:fs';
import { checkScopes, findOperation } from '@kayttoonotto/forge-sandbox/forge/scopes';
import {
  DEFAULT_SPEC_PATH,
  EXTRACT_PATH,
  extractJiraScopes,
  formatExtract,
  SERVED_OPERATIONS,
} from '@kayttoonotto/forge-sandbox/scripts/extract-jira-scopes';
import { needed, NEEDS } from '../../needs';

describe('Jira scope extract', () => {
  // Missing: this file fails with one line, or skips this test with KAYTTOONOTTO_ALLOW_SKIP=1 (test/needs.ts).
  const specPresent = needed({ ...NEEDS.openapi(), path: DEFAULT_SPEC_PATH });

  (specPresent ? it : it.skip)('is up to date with the OpenAPI description (run: npx tsx scripts/extract-jira-scopes.ts)', () => {
    const fresh = formatExtract(extractJiraScopes(JSON.parse(readFileSync(DEFAULT_SPEC_PATH, 'utf8'))));
    expect(readFileSync(EXTRACT_PATH, 'utf8')).toBe(fresh);
  });

  it('holds exactly the operations the emulator serves (no more of the spec is committed)', () => {
    const extract = JSON.parse(readFileSync(EXTRACT_PATH, 'utf8')) as { operations: { method: string; path: string }[] };
    expect(new Set(extract.operations.map((o) => `${o.method} ${o.path}`))).toEqual(SERVED_OPERATIONS);
  });

  it('finds the most specific operation for a concrete path', () => {
    expect(findOperation('POST', '/rest/api/3/issue/bulk')?.path).toBe('/rest/api/3/issue/bulk');
    expect(findOperation('GET', '/rest/api/3/issue/DEMO-1')?.path).toBe('/rest/api/3/issue/{issueIdOrKey}');
    expect(findOperation('GET', '/rest/api/3/project/search')?.path).toBe('/rest/api/3/project/search');
    expect(findOperation('GET', '/rest/api/3/project/DEMO')?.path).toBe('/rest/api/3/project/{projectIdOrKey}');
    expect(findOperation('PUT', '/rest/api/3/issue/DEMO-1/properties/kayttoonotto')?.path).toBe(
      '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    );
    expect(findOperation('GET', '/rest/api/3/not-a-thing')).toBeNull();
  });

  it('accepts the classic or the granular scope set, and names what is missing', () => {
    expect(checkScopes('POST', '/rest/api/3/issue/bulk', new Set(['write:jira-work'])).allowed).toBe(true);
    const granular = new Set([
      'write:issue:jira',
      'write:comment:jira',
      'write:comment.property:jira',
      'write:attachment:jira',
      'read:issue:jira',
    ]);
    expect(checkScopes('POST', '/rest/api/3/issue/bulk', granular).allowed).toBe(true);
    const denied = checkScopes('POST', '/rest/api/3/issue/bulk', new Set(['read:jira-work']));
    expect(denied).toMatchObject({
      allowed: false,
      missing: ['write:jira-work'],
      operation: { method: 'POST', path: '/rest/api/3/issue/bulk' },
    });
    expect(checkScopes('GET', '/rest/api/3/search/jql?jql=project%3DDEMO', new Set(['read:jira-work'])).allowed).toBe(true);
  });
});
