/**
 * Create screens (issue 10, item 10): `POST /rest/api/3/issue/bulk` sets only fields on the project's
 * create screen (OpenAPI description). An element refused because labels or description are not on
 * that screen is created again without them and reported; one refused for something else fails.
 * Jira's answer is given by the harness (overrideJira), the retry reaches the emulator.
 */
import type { Sandbox } from '@kayttoonotto/forge-sandbox';
import { CURRENT_TEMPLATE } from '../../src/core/template';
import { outcomeOf, withoutFields } from '../../src/services/items/spawn-outcome';
import type { PlannedChild } from '../../src/core/spawn-plan';
import { children, createEpic, ok, panel, startApp } from './helpers';

const NOT_ON_SCREEN = (field: string) => `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;

function child(itemId: string, assignee: string | null): PlannedChild {
  return {
    itemId,
    role: 'architect',
    assigneeAccountId: assignee,
    payload: {
      fields: {
        project: { id: '10000' },
        parent: { key: 'DEMO-1' },
        issuetype: { id: '10001' },
        summary: itemId,
        description: { type: 'doc', version: 1, content: [] },
        labels: ['kayttoonotto'],
        ...(assignee ? { assignee: { accountId: assignee } } : {}),
      },
      properties: [],
    },
  } as PlannedChild;
}

describe("outcomeOf: Jira's bulk answer mapped back to the batch", () => {
  const batch = [child('a', 'u1'), child('b', null), child('c', 'u1'), child('d', null)];

  it('created, retried without the refused droppable fields, or failed; nothing left unaccounted', () => {
    const out = outcomeOf(batch, {
      issues: [{ id: '1', key: 'DEMO-2' }],
      errors: [
        {
          status: 400,
          failedElementNumber: 0,
          elementErrors: { errors: { labels: NOT_ON_SCREEN('labels'), assignee: 'User cannot be assigned' } },
        },
        { status: 400, failedElementNumber: 2, elementErrors: { errors: { summary: 'Summary is required' } } },
        { status: 400, failedElementNumber: 3, elementErrors: { errors: { description: NOT_ON_SCREEN('description') } } },
      ],
    });
    expect([...out.created.keys()]).toEqual(['b']);
    expect(out.retry.map((r) => [r.child.itemId, [...r.drop].sort()])).toEqual([
      ['a', ['assignee', 'labels']],
      ['d', ['description']],
    ]);
    expect(out.failed.map((f) => [f.child.itemId, f.message])).toEqual([['c', 'summary: Summary is required']]);
  });

  it('a request-level refusal fails every element instead of leaving it to be posted again', () => {
    const out = outcomeOf(batch, { errorMessages: ['Bad request'], errors: {} } as never, ['Bad request']);
    expect(out.created.size).toBe(0);
    expect(out.retry).toEqual([]);
    expect(out.failed.map((f) => [f.child.itemId, f.message])).toEqual(batch.map((c) => [c.itemId, 'Bad request']));
  });

  it('withoutFields drops exactly the refused fields', () => {
    const dropped = withoutFields(batch[0]!, ['labels', 'assignee']);
    expect(Object.keys(dropped.payload.fields).sort()).toEqual(['description', 'issuetype', 'parent', 'project', 'summary']);
    expect(dropped.assigneeAccountId).toBeNull();
    expect(batch[0]!.payload.fields.labels).toEqual(['kayttoonotto']); // the plan itself is untouched
  });
});

describe('a project whose create screen lacks Labels (strict mode)', () => {
  let sb: Sandbox;
  afterEach(async () => {
    await sb?.close();
  });

  it('creates all 38 children without labels and reports each one, instead of failing every element', async () => {
    sb = await startApp();
    const n = CURRENT_TEMPLATE.items.length;
    sb.harness.overrideJira({
      method: 'POST',
      pathPrefix: '/rest/api/3/issue/bulk',
      status: 400,
      body: {
        issues: [],
        errors: Array.from({ length: n }, (_, i) => ({
          status: 400,
          failedElementNumber: i,
          elementErrors: { errorMessages: [], errors: { labels: NOT_ON_SCREEN('labels') } },
        })),
      },
    });
    const epic = await createEpic(sb, 'Ei tunnisteita luontinäkymässä');
    await sb.harness.triggers.drain();
    const rows = await children(sb, epic.key);
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.itemId)).size).toBe(n);
    expect(rows.every((r) => r.labels.length === 0)).toBe(true);
    const bulk = sb.harness.jiraLog.filter((c) => c.method === 'POST' && c.path === '/rest/api/3/issue/bulk');
    const retried = bulk[1]?.requestBody as { issueUpdates: { fields: Record<string, unknown> }[] };
    expect(retried.issueUpdates.every((u) => !('labels' in u.fields) && 'description' in u.fields)).toBe(true);
    const view = ok(await panel(sb, 'hankepaallikko', epic, 'getPanel', {}));
    expect(view.phase?.spawn.state).toBe('complete');
    expect(view.phase?.spawn.warnings.filter((w) => w.code === 'FIELDS_DROPPED')).toHaveLength(n);
  });
});
