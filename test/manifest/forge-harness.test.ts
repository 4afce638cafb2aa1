/**
 * The app's manifest as the sandbox's Forge harness reads it: the trigger filter evaluated on the payloads the
 * emulator sends (events-reference/product_events, "Filter out Atlassian app events"), and the function time limits
 * (limits-invocation, "Invocation limits"). Moved here from the sandbox package's tests, which use their own fixture.
 */
import { join } from 'node:path';
import { compileFilterExpression } from '@kayttoonotto/forge-sandbox/forge/expression';
import { loadManifest } from '@kayttoonotto/forge-sandbox/forge/manifest';

const issue = (subtask: boolean, hierarchyLevel: number) => ({
  id: '10010',
  key: 'DEMO-9',
  fields: { summary: 's', issuetype: { id: '1', name: 'Epic', subtask, hierarchyLevel }, labels: [] },
});

describe("the product manifest's trigger filter", () => {
  const trigger = loadManifest(join(__dirname, '..', '..', 'manifest.yml')).triggers.find((t) => t.key === 'issue-events')!;
  const filter = compileFilterExpression(trigger.expression ?? '');

  it('has one, and receives the event when it cannot be evaluated', () => {
    expect(trigger.expression).toBeTruthy();
    expect(trigger.onError).toBe('RECEIVE_AND_LOG');
  });

  it('lets a new epic or story through, drops a new sub-task, and drops epic updates that do not touch labels', () => {
    expect(filter({ eventType: 'avi:jira:created:issue', issue: issue(false, 1) })).toBe(true);
    expect(filter({ eventType: 'avi:jira:created:issue', issue: issue(true, -1) })).toBe(false);
    expect(filter({ eventType: 'avi:jira:updated:issue', issue: issue(false, 1), changelog: { items: [{ field: 'summary' }] } })).toBe(
      false,
    );
    expect(filter({ eventType: 'avi:jira:updated:issue', issue: issue(false, 1), changelog: { items: [{ field: 'labels' }] } })).toBe(true);
  });

  it("lets a standard-level issue's change through (a deployment child's status feeds the JQL gate summary), and every deletion", () => {
    expect(filter({ eventType: 'avi:jira:updated:issue', issue: issue(false, 0), changelog: { items: [{ field: 'status' }] } })).toBe(true);
    expect(filter({ eventType: 'avi:jira:updated:issue', issue: issue(true, -1), changelog: { items: [{ field: 'status' }] } })).toBe(
      false,
    );
    expect(filter({ eventType: 'avi:jira:deleted:issue', issue: issue(false, 0) })).toBe(true);
  });
});

describe("the product manifest's time limits", () => {
  it('resolvers, validators and the trigger 25 s; spawn and summary consumers 55 s; the personal data run 300 s', () => {
    const functions = loadManifest(join(__dirname, '..', '..', 'manifest.yml')).functions;
    expect(Object.fromEntries([...functions.values()].map((f) => [f.key, f.limitSeconds]))).toMatchObject({
      'panel-resolver': 25,
      'settings-resolver': 25,
      'portfolio-resolver': 25,
      'issue-event': 25,
      'exit-gate': 25,
      'entry-gate': 25,
      'spawn-continue': 55,
      'summary-refresh': 55,
      'personal-data-report': 300,
      'personal-data-continue': 300,
    });
    expect([...functions.values()].filter((f) => f.timeoutIgnored)).toEqual([]);
  });
});
