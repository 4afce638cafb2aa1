/**
 * The trigger filter's Jira-expression subset (events-reference/product_events, "Filter out Atlassian
 * app events"). The app's own filter and time limits are tested with the app (test/manifest/forge-harness.test.ts).
 */
import { compileFilterExpression, ExpressionError } from '../../src/forge/expression';

const issue = (subtask: boolean, hierarchyLevel: number) => ({
  id: '10010',
  key: 'DEMO-9',
  fields: { summary: 's', issuetype: { id: '1', name: 'Epic', subtask, hierarchyLevel }, labels: [] },
});

describe('filter.expression subset', () => {
  it('evaluates comparisons, boolean operators, optional chaining and list functions', () => {
    const event = {
      eventType: 'avi:jira:updated:issue',
      issue: issue(false, 1),
      changelog: {
        items: [
          { field: 'labels', to: 'a b' },
          { field: 'summary', to: null },
        ],
      },
    };
    const yes = [
      "event.issue.fields.issuetype.name == 'Epic'",
      'event.issue.fields.issuetype.hierarchyLevel >= 1 && !event.issue.fields.issuetype.subtask',
      "event.changelog.items.some(i => i.field == 'labels')",
      "event.changelog.items.map(i => i.field).includes('summary')",
      "event.changelog.items.filter(i => i.field == 'labels').length == 1",
      "event.issue?.fields['issuetype'].subtask == false",
      "event.eventType.startsWith('avi:jira:') ? true : false",
    ];
    for (const e of yes) expect([e, compileFilterExpression(e)(event)]).toEqual([e, true]);
    expect(compileFilterExpression("event.changelog.items.every(i => i.field == 'labels')")(event)).toBe(false);
  });

  it('a property missing from the payload, a non-Boolean result or a type mismatch is an error (the event is then dropped unless onError says otherwise)', () => {
    const event = { eventType: 'avi:jira:created:issue', issue: issue(false, 1) };
    expect(() => compileFilterExpression('event.changelog.items.length > 0')(event)).toThrow(ExpressionError);
    expect(() => compileFilterExpression('event.issue.key')(event)).toThrow(/not a Boolean/);
    expect(() => compileFilterExpression('event.issue.key > 3')(event)).toThrow(/compares string with number/);
    expect(compileFilterExpression('event.changelog?.items == null || false')({ ...event, changelog: null })).toBe(true);
  });

  it('refuses syntax outside the subset when it is compiled', () => {
    expect(() => compileFilterExpression('event.issue.key + 1')).toThrow(ExpressionError);
    expect(() => compileFilterExpression("event.issue.key == 'x")).toThrow(/unterminated/);
  });
});
