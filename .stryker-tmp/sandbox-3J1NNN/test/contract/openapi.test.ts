/** The contract helper itself: it must find real mismatches. */
// @ts-nocheck

import {
  describeContract,
  findOperation,
  requiredScopes,
  toJsonSchema,
  validateAgainstSpec,
  validateRequest,
  validateRequestBody,
} from './openapi';

describe('toJsonSchema (OpenAPI 3.0 → JSON Schema)', () => {
  it('turns nullable into a null-accepting type and rewrites $refs', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, readOnly: true, example: 'x' }, 'spec')).toEqual({ type: ['string', 'null'] });
    expect(toJsonSchema({ type: 'string', enum: ['A'], nullable: true }, 'spec')).toEqual({ type: ['string', 'null'], enum: ['A', null] });
    expect(toJsonSchema({ $ref: '#/components/schemas/User', nullable: true }, 'spec')).toEqual({
      anyOf: [{ $ref: 'spec#/components/schemas/User' }, { type: 'null' }],
    });
    expect(toJsonSchema({ type: 'object', properties: { nullable: { type: 'boolean' } } }, 'spec')).toEqual({
      type: 'object',
      properties: { nullable: { type: 'boolean' } },
    });
  });
});

describeContract('validateAgainstSpec', () => {
  const issue = { id: '10001', key: 'DEMO-1', self: 'http://localhost/rest/api/3/issue/10001', fields: { summary: 'x' } };

  it('accepts a well-formed issue and rejects a broken one (key: 123)', () => {
    expect(validateAgainstSpec('GET', '/rest/api/3/issue/DEMO-1', 200, issue)).toMatchObject({
      valid: true,
      checked: true,
      operation: 'getIssue',
    });
    const broken = validateAgainstSpec('GET', '/rest/api/3/issue/DEMO-1', 200, { ...issue, key: 123 });
    expect(broken.valid).toBe(false);
    expect(broken.errors.join('\n')).toMatch(/\/key must be string/);
  });

  it('checks the values of system issue fields (stricter than the spec’s untyped fields map)', () => {
    const user = { accountId: 'a', displayName: 'A', active: true, accountType: 'atlassian' };
    expect(
      validateAgainstSpec('GET', '/rest/api/3/issue/DEMO-1', 200, { ...issue, fields: { assignee: user, resolution: null } }).valid,
    ).toBe(true);
    const bad = validateAgainstSpec('GET', '/rest/api/3/issue/DEMO-1', 200, {
      ...issue,
      fields: { assignee: { ...user, locale: 'fi_FI' }, project: { id: '1', projectTypeKey: 'spreadsheet' } },
    });
    expect(bad.errors.join('\n')).toMatch(/\/fields\/assignee/);
    expect(bad.errors.join('\n')).toMatch(/\/fields\/project\/projectTypeKey/);
    const search = validateAgainstSpec('POST', '/rest/api/3/search/jql', 200, {
      issues: [{ id: '1', fields: { labels: 'x' } }],
      isLast: true,
    });
    expect(search.errors).toEqual([expect.stringMatching(/^\/issues\/0\/fields\/labels must be array/)]);
  });

  it('rejects properties the schema does not allow and wrong nested types', () => {
    expect(validateAgainstSpec('GET', '/rest/api/3/issue/{issueIdOrKey}', 200, { ...issue, bogus: true }).valid).toBe(false);
    const user = { accountId: 'a', accountType: 'robot', active: true };
    expect(validateAgainstSpec('GET', '/rest/api/3/myself', 200, user).errors.join()).toMatch(/accountType/);
    expect(validateAgainstSpec('GET', '/rest/api/3/user/bulk', 200, { values: [{ accountId: 5 }] }).valid).toBe(false);
  });

  it('accepts null where the spec says nullable, rejects it elsewhere', () => {
    const wf = { values: [{ id: 'w', name: 'n', created: null, transitions: [{ id: '1', customIssueEventId: null }] }] };
    expect(validateAgainstSpec('GET', '/rest/api/3/workflows/search', 200, wf).valid).toBe(true);
    expect(validateAgainstSpec('GET', '/rest/api/3/workflows/search', 200, { ...wf, total: null }).valid).toBe(false);
  });

  it('reports undocumented statuses and unknown operations', () => {
    expect(validateAgainstSpec('GET', '/rest/api/3/search', 410, {}).valid).toBe(false);
    expect(validateAgainstSpec('GET', '/rest/api/3/no/such/thing', 200, {}).valid).toBe(false);
    expect(validateAgainstSpec('GET', '/rest/api/3/issue/DEMO-1', 404, { errorMessages: ['x'] })).toMatchObject({
      valid: true,
      checked: false,
    });
  });

  it('prefers literal paths over templates', () => {
    expect(findOperation('GET', '/rest/api/3/project/search')?.template).toBe('/rest/api/3/project/search');
    expect(findOperation('GET', '/rest/api/3/project/DEMO')?.template).toBe('/rest/api/3/project/{projectIdOrKey}');
    expect(findOperation('POST', '/rest/api/3/issue/bulk')?.operationId).toBe('createIssues');
  });

  it('validates request bodies and query parameters', () => {
    expect(validateRequestBody('POST', '/rest/api/3/issue', { fields: { summary: 'x' } }).valid).toBe(true);
    expect(validateRequestBody('POST', '/rest/api/3/issue', { properties: { key: 'x' } }).valid).toBe(false);
    expect(validateRequestBody('POST', '/rest/api/3/search/jql', { jql: 'x', maxResults: 'ten' }).valid).toBe(false);
    expect(validateRequestBody('POST', '/rest/api/3/search/jql', { jql: 'x', nope: 1 }).valid).toBe(false);
    expect(validateRequest('GET', '/rest/api/3/search/jql?jql=x&fields=summary').valid).toBe(true);
    expect(validateRequest('GET', '/rest/api/3/search/jql?jql=x&startAt=5').errors.join()).toMatch(/startAt/);
  });

  it('knows the OAuth scopes of an operation', () => {
    expect(requiredScopes('POST', '/rest/api/3/issue').find((s) => s.state === 'Current')?.scopes).toEqual(['write:jira-work']);
  });
});
