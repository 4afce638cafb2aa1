/**
 * The settings page's search for duplicates asks Jira for the project's children with
 * `parent IS NOT EMPTY`; a site that refuses that JQL (400) is asked for the issues with the app's label
 * instead, from the first page. Jira's client is replaced here: the emulator accepts both forms.
 */
import { JiraError } from '../../src/jira/errors';

const searchJql = jest.fn();
jest.mock('../../src/jira/client', () => ({
  ...jest.requireActual('../../src/jira/client'),
  getProject: jest.fn(async () => ({ id: '10000', key: 'DEMO', name: 'Demo' })),
  searchJql: (...args: unknown[]) => searchJql(...args),
}));

import { getProjectDuplicates } from '../../src/services/items/duplicates';

const marked = (id: string, itemId: string) => ({
  id,
  key: `DEMO-${id}`,
  fields: {
    summary: id,
    status: { name: 'To Do', statusCategory: { key: 'new' } },
    created: `2026-01-01T10:00:0${id}Z`,
    parent: { id: '1', key: 'DEMO-1' },
  },
  properties: { 'kayttoonotto-item': { itemId, epicKey: 'DEMO-1' } },
});

describe('getProjectDuplicates: the JQL of the project children', () => {
  beforeEach(() => searchJql.mockReset());

  it('asks with parent IS NOT EMPTY', async () => {
    searchJql.mockResolvedValueOnce({ issues: [marked('2', 'a'), marked('3', 'a')], isLast: true });
    const view = await getProjectDuplicates({ accountId: 'x', locale: 'en' }, 'DEMO');
    expect(searchJql).toHaveBeenCalledTimes(1);
    expect((searchJql.mock.calls[0]![1] as { jql: string }).jql).toBe('project = 10000 AND parent IS NOT EMPTY ORDER BY created ASC');
    expect(view.epics).toEqual([expect.objectContaining({ key: 'DEMO-1', items: 1, surplus: 1 })]);
  });

  it('falls back to the app label when Jira refuses that JQL', async () => {
    searchJql
      .mockRejectedValueOnce(
        new JiraError('bad-request', 400, 'searchJql', ["The operator 'IS NOT' is not supported by the 'parent' field."]),
      )
      .mockResolvedValueOnce({ issues: [marked('2', 'a'), marked('3', 'a')], isLast: true });
    const view = await getProjectDuplicates({ accountId: 'x', locale: 'en' }, 'DEMO');
    expect(searchJql.mock.calls.map((c) => (c[1] as { jql: string }).jql)).toEqual([
      'project = 10000 AND parent IS NOT EMPTY ORDER BY created ASC',
      'project = 10000 AND labels = kayttoonotto ORDER BY created ASC',
    ]);
    expect(view.epics.map((e) => e.key)).toEqual(['DEMO-1']);
  });

  it('any other failure is not hidden', async () => {
    searchJql.mockRejectedValueOnce(new JiraError('server', 503, 'searchJql'));
    await expect(getProjectDuplicates({ accountId: 'x', locale: 'en' }, 'DEMO')).rejects.toBeInstanceOf(JiraError);
    expect(searchJql).toHaveBeenCalledTimes(1);
  });
});
