/** Reading and checking the parts of an issue write (payload, properties, fields, users, parent), shared by create, edit and transition. */
import type { IssueRow, IssueTypeRow } from '../db';
import { fail, isRecord } from '../http';
import type { ChangelogItem, User } from '../types';
import { asString, PROPERTY_KEY_MAX, PROPERTY_VALUE_MAX, Resource } from './resource';

export interface IssueInput {
  fields: Record<string, unknown>;
  update: Record<string, unknown>;
  properties: { key: string; value: unknown }[];
}

export abstract class IssueChecks extends Resource {
  readInput(raw: unknown): IssueInput {
    if (!isRecord(raw)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    const fields = raw.fields === undefined ? {} : raw.fields;
    const update = raw.update === undefined ? {} : raw.update;
    if (!isRecord(fields) || !isRecord(update)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
    const properties: { key: string; value: unknown }[] = [];
    if (raw.properties !== undefined) {
      if (!Array.isArray(raw.properties)) fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
      for (const p of raw.properties) {
        if (!isRecord(p) || typeof p.key !== 'string')
          fail(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
        properties.push({ key: p.key, value: p.value });
      }
    }
    return { fields, update, properties };
  }

  checkProperty(key: string, value: unknown): string {
    if (key.length === 0) fail(400, 'The property key cannot be empty.');
    if (key.length > PROPERTY_KEY_MAX) fail(400, `The property key cannot be longer than ${PROPERTY_KEY_MAX} characters.`);
    if (value === undefined) fail(400, 'The property value must be a valid JSON value.');
    const json = JSON.stringify(value);
    if (json.length > PROPERTY_VALUE_MAX) fail(400, `The property value cannot be longer than ${PROPERTY_VALUE_MAX} characters.`);
    return json;
  }

  findType(projectId: string, ref: unknown): IssueTypeRow | undefined {
    if (!isRecord(ref)) return undefined;
    const id = asString(ref.id);
    const name = asString(ref.name);
    return this.store
      .issueTypes(projectId)
      .find(
        (t) => (id !== undefined && t.id === id) || (id === undefined && name !== undefined && t.name.toLowerCase() === name.toLowerCase()),
      );
  }

  resolveUserRef(ref: unknown, field: string, errors: Record<string, string>): string | null | undefined {
    if (ref === null) return null;
    if (!isRecord(ref)) {
      errors[field] = `Specify a valid value for ${field}`;
      return undefined;
    }
    const id = asString(ref.accountId) ?? asString(ref.id);
    if (id === undefined || id === '-1') return null;
    if (!this.store.userByAccountId(id)) {
      errors[field] = `Specified user does not exist or you do not have required permissions`;
      return undefined;
    }
    return id;
  }

  checkAssignable(projectId: string, accountId: string | null, errors: Record<string, string>): void {
    if (accountId === null) return;
    const u = this.store.userByAccountId(accountId);
    if (!u || u.accountType === 'app' || !this.store.projectPermissions(projectId, accountId).has('ASSIGNABLE_USER')) {
      errors.assignee = `User '${accountId}' cannot be assigned issues.`;
    }
  }

  checkLabels(v: unknown, errors: Record<string, string>): string[] | undefined {
    if (!Array.isArray(v) || v.some((l) => typeof l !== 'string')) {
      errors.labels = 'Specify the labels as an array of strings.';
      return undefined;
    }
    const labels = v as string[];
    for (const l of labels) {
      if (/\s/.test(l)) {
        errors.labels = `The label '${l}' contains spaces which is invalid.`;
        return undefined;
      }
      if (l.length > 255) {
        errors.labels = 'The label must not exceed 255 characters.';
        return undefined;
      }
    }
    return [...new Set(labels)];
  }

  checkDescription(v: unknown, errors: Record<string, string>): string | null | undefined {
    if (v === null) return null;
    if (!isRecord(v) || v.type !== 'doc' || !Array.isArray(v.content)) {
      errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
      return undefined;
    }
    return JSON.stringify(v);
  }

  /** `duedate`: a date `YYYY-MM-DD` or null (OpenAPI: the field's schema is `date`; Jira's error for another value). */
  checkDueDate(v: unknown, errors: Record<string, string>): string | null | undefined {
    if (v === null) return null;
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
      if (new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v) return v;
    }
    errors.duedate = 'Error parsing date string: ' + String(v);
    return undefined;
  }

  checkSummary(v: unknown, errors: Record<string, string>): string | undefined {
    if (typeof v !== 'string' || v.trim() === '') {
      errors.summary = 'You must specify a summary of the issue.';
      return undefined;
    }
    if (v.length > 255) {
      errors.summary = 'Summary must be less than 255 characters.';
      return undefined;
    }
    if (/[\r\n]/.test(v)) {
      errors.summary = 'The summary is invalid because it contains newline characters.';
      return undefined;
    }
    return v;
  }

  /** Jira's hierarchy rules. Returns the parent row or records errors. */
  checkParent(
    actor: User,
    projectId: string,
    type: IssueTypeRow,
    ref: unknown,
    errors: Record<string, string>,
    selfId?: number,
  ): IssueRow | null | undefined {
    if (ref === undefined || ref === null) {
      if (type.subtask === 1) errors.issuetype = 'Issue type is a sub-task but parent issue key or id not specified.';
      return null;
    }
    if (!isRecord(ref)) {
      errors.parent = 'Could not find issue by id or key.';
      return undefined;
    }
    const key = asString(ref.key) ?? asString(ref.id);
    const parent = key !== undefined ? this.store.issueByIdOrKey(key) : undefined;
    if (!parent || !this.hasProject(actor, parent.project_id, 'BROWSE_PROJECTS')) {
      errors.parent = 'Could not find issue by id or key.';
      return undefined;
    }
    if (selfId !== undefined && parent.id === selfId) {
      errors.parentId = 'An issue cannot be its own parent.';
      return undefined;
    }
    const parentType = this.store.issueType(parent.project_id, parent.issue_type_id);
    if (!parentType || parentType.hierarchy_level !== type.hierarchy_level + 1) {
      errors.parentId = 'Given parent work item does not belong to appropriate hierarchy.';
      return undefined;
    }
    if (parent.project_id !== projectId) {
      errors.parentId = 'The parent work item must be in the same project as its child (sandbox emulator rule).';
      return undefined;
    }
    return parent;
  }

  applyLabelOps(current: string[], ops: unknown, errors: Record<string, string>): string[] {
    if (!Array.isArray(ops)) {
      errors.labels = 'Specify the label operations as an array.';
      return current;
    }
    let labels = [...current];
    for (const op of ops) {
      if (!isRecord(op)) continue;
      if (op.add !== undefined) {
        const l = this.checkLabels([op.add], errors);
        if (l) labels = [...new Set([...labels, ...l])];
      }
      if (op.remove !== undefined) labels = labels.filter((x) => x !== op.remove);
      if (op.set !== undefined) labels = this.checkLabels(op.set, errors) ?? labels;
    }
    return labels;
  }

  userChange(field: string, from: string | null, to: string | null): ChangelogItem {
    const name = (id: string | null): string | null => (id === null ? null : (this.store.userByAccountId(id)?.displayName ?? id));
    return { field, from, to, fromString: name(from), toString: name(to) };
  }
}
