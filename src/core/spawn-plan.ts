/**
 * Spawn planning: template + the epic's roster + project settings → the Jira create payloads of
 * the children still missing. Pure; the service sends them with `POST /rest/api/3/issue/bulk`.
 */
import { itemDueDate } from './due-dates';
import type { Roster } from './model';
import type { Item, RoleId, Section, Template } from './template/schema';

/** Entity property on every child: which template item it is. Informational only: the gate identifies children by the app's own stored map, since anyone who can edit an issue can write its properties. */
export const ITEM_PROPERTY_KEY = 'kayttoonotto-item';
/** Entity property on the epic: the template version and the spawn's progress (informational). */
export const PHASE_PROPERTY_KEY = 'kayttoonotto-phase';
export const APP_LABEL = 'kayttoonotto';
/** Jira allows 50 issues per bulk create. */
export const BULK_LIMIT = 50;
const SUMMARY_MAX = 254;

export interface ItemPropertyValue {
  templateId: string;
  templateVersion: string;
  itemId: string;
  epicKey: string;
}

export interface EpicRef {
  id: string;
  key: string;
  projectId: string;
  /** 1 for an epic (children are standard work items), 0 for a standard container (children are sub-tasks). */
  hierarchyLevel: number;
}

export interface SpawnSettings {
  childIssueTypeId: string;
  deliverableOwners?: Readonly<Record<string, RoleId>>;
}

/** Atlassian Document Format, the subset used here. */
export type AdfNode =
  | { type: 'doc'; version: 1; content: AdfNode[] }
  | { type: 'paragraph'; content: AdfNode[] }
  | { type: 'bulletList'; content: AdfNode[] }
  | { type: 'listItem'; content: AdfNode[] }
  | { type: 'text'; text: string; marks?: { type: 'strong' | 'em' }[] };

export interface CreateIssuePayload {
  fields: {
    project: { id: string };
    parent: { key: string };
    issuetype: { id: string };
    summary: string;
    description: AdfNode;
    labels: string[];
    assignee?: { accountId: string };
    /** `YYYY-MM-DD`: the epic's due date plus the item's `dueDays`. */
    duedate?: string;
  };
  properties: { key: string; value: ItemPropertyValue }[];
}

export interface PlannedChild {
  itemId: string;
  role: RoleId;
  assigneeAccountId: string | null;
  /** The due date the app gives it (null: none although the item has an offset; absent: the item has none). */
  dueDate?: string | null;
  payload: CreateIssuePayload;
}

export function effectiveRole(item: Item, deliverableOwners?: Readonly<Record<string, RoleId>>): RoleId {
  return item.kind === 'deliverable' ? (deliverableOwners?.[item.id] ?? item.role) : item.role;
}

/** Jira labels may not contain spaces; ids are already lowercase ASCII. */
export function roleLabel(role: RoleId): string {
  return `${APP_LABEL}-rooli-${role}`;
}
export function sectionLabel(sectionId: string): string {
  return `${APP_LABEL}-osio-${sectionId.replace(/^section\./, '').replace(/[^a-z0-9-]+/g, '-')}`;
}

export function summaryOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SUMMARY_MAX) return flat;
  const cut = flat.slice(0, SUMMARY_MAX - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > SUMMARY_MAX / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

function sectionTrail(template: Template, sectionId: string): Section[] {
  const trail: Section[] = [];
  let current = template.sections.find((s) => s.id === sectionId);
  while (current && trail.length < 10) {
    trail.unshift(current);
    const parentId = current.parentId;
    current = parentId ? template.sections.find((s) => s.id === parentId) : undefined;
  }
  return trail;
}

const text = (t: string, strong = false): AdfNode =>
  strong ? { type: 'text', text: t, marks: [{ type: 'strong' }] } : { type: 'text', text: t };

export function describeItem(template: Template, item: Item, role: RoleId): AdfNode {
  const trail = sectionTrail(template, item.sectionId)
    .map((s) => s.title.fi)
    .join(' › ');
  const roleName = template.roles.find((r) => r.id === role)?.name.fi ?? role;
  const content: AdfNode[] = [
    { type: 'paragraph', content: [text(`${template.name.fi}: `, true), text(trail)] },
    { type: 'paragraph', content: [text('Vastuurooli: ', true), text(roleName)] },
    { type: 'paragraph', content: [text(item.text.fi)] },
  ];
  if (item.subPoints.length > 0) {
    content.push({
      type: 'bulletList',
      content: item.subPoints.map((p) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [text(p.fi)] }] })),
    });
  }
  content.push({
    type: 'paragraph',
    content: [text(`${template.id} ${template.version} · ${item.id}`, false)],
  });
  return { type: 'doc', version: 1, content };
}

export interface SpawnPlanInput {
  template: Template;
  epic: EpicRef;
  roster: Roster;
  settings: SpawnSettings;
  /** Items that already have a child (found by their entity property): they are not planned again. */
  existingItemIds: ReadonlySet<string>;
  /** The epic's Jira due date (the planned go-live), when it has one. */
  epicDueDate?: string | null;
}

export function planSpawn(input: SpawnPlanInput): PlannedChild[] {
  const { template, epic, roster, settings, existingItemIds } = input;
  return template.items
    .filter((item) => !existingItemIds.has(item.id))
    .map((item) => {
      const role = effectiveRole(item, settings.deliverableOwners);
      const assigneeAccountId = roster[role] ?? null;
      const dueDate = item.dueDays !== undefined ? itemDueDate(input.epicDueDate ?? null, item.dueDays) : undefined;
      const payload: CreateIssuePayload = {
        fields: {
          project: { id: epic.projectId },
          parent: { key: epic.key },
          issuetype: { id: settings.childIssueTypeId },
          summary: summaryOf(item.text.fi),
          description: describeItem(template, item, role),
          labels: [APP_LABEL, roleLabel(role), sectionLabel(item.sectionId)],
          ...(assigneeAccountId ? { assignee: { accountId: assigneeAccountId } } : {}),
          ...(dueDate ? { duedate: dueDate } : {}),
        },
        properties: [
          {
            key: ITEM_PROPERTY_KEY,
            value: { templateId: template.id, templateVersion: template.version, itemId: item.id, epicKey: epic.key },
          },
        ],
      };
      return { itemId: item.id, role, assigneeAccountId, ...(dueDate !== undefined ? { dueDate } : {}), payload };
    });
}

/** Splits the plan into bulk-create calls of at most `BULK_LIMIT`. */
export function chunk<T>(list: readonly T[], size = BULK_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
