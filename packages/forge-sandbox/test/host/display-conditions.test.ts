/** The host applies the panel's display conditions as Jira does (issueType compares the type's name). */
import { displayConditionsMet, iframeSandbox } from '../../src/host/context';

describe('host: display conditions and iframe sandbox', () => {
  it('issueType matches the name, so a renamed epic type hides a panel that names "Epic"', () => {
    expect(displayConditionsMet(undefined, { issueTypeName: 'Eepos' })).toBe(true);
    expect(displayConditionsMet({ issueType: 'Epic' }, { issueTypeName: 'Epic' })).toBe(true);
    expect(displayConditionsMet({ issueType: 'Epic' }, { issueTypeName: 'Eepos' })).toBe(false);
    expect(displayConditionsMet({ not: { issueType: 'Bug' } }, { issueTypeName: 'Bug' })).toBe(false);
    expect(displayConditionsMet({ or: { issueType: 'Epic', and: { issueType: 'Task' } } }, { issueTypeName: 'Task' })).toBe(true);
  });

  it('popups are allowed only when the manifest declares fetch.client "*" (docs: manifest-reference/permissions, "Popups")', () => {
    const base = { modules: [], resources: new Map<string, string>(), translations: { locales: [], fallback: 'fi-FI' } };
    expect(iframeSandbox({ ...base, fetchClient: [] })).not.toMatch(/allow-popups/);
    expect(iframeSandbox({ ...base, fetchClient: ['https://example.org'] })).not.toMatch(/allow-popups/);
    expect(iframeSandbox({ ...base, fetchClient: ['*'] })).toMatch(/allow-popups allow-popups-to-escape-sandbox/);
  });
});
