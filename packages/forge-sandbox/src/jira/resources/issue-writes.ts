/** Validation and writing of issue fields, shared by create, edit and transition. */
import { appFieldByIdOrKey, invalidValue } from '../app-fields';
import type { IssueRow, IssueTypeRow } from '../db';
import { fail, failFields, isRecord, jiraTimestamp, JiraHttpError } from '../http';
import { STATUS_IDS } from '../seed';
import type { ChangelogItem, User } from '../types';
import { asString, PROPERTY_KEY_MAX, PROPERTY_VALUE_MAX, Resource } from './resource';

export interface IssueInput {
  fields: Record<string, unknown>;
  update: Record<string, unknown>;
  properties: { key: string; value: unknown }[];
}

/** Every field the emulator can set on create (the default create screen). */
export const CREATE_SCREEN_FIELDS: readonly string[] = ['summary', 'description', 'parent', 'labels', 'assignee', 'reporter', 'duedate'];

/** Jira's error for a field that is not on the screen (or unknown). */
export function notOnScreen(field: string): string {
  return `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
}

export abstract class IssueWrites extends Resource {
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

  /** Fields on the create screen: the configured screen of the project and issue type, or every field the emulator knows. */
  createScreenFields(projectId: string, issueTypeId: string): Set<string> {
    return new Set(['project', 'issuetype', ...(this.store.createScreen(projectId, issueTypeId) ?? CREATE_SCREEN_FIELDS)]);
  }

  /** Validates and inserts one issue; returns the row or throws a JiraHttpError (400 with field errors). */
  createOne(actor: User, input: IssueInput): IssueRow {
    const f = input.fields;
    const errors: Record<string, string> = {};
    const projRef = f.project;
    const projKey = isRecord(projRef) ? (asString(projRef.id) ?? asString(projRef.key)) : undefined;
    const project = projKey !== undefined ? this.store.projectByIdOrKey(projKey) : undefined;
    if (!project || !this.hasProject(actor, project.id, 'BROWSE_PROJECTS')) failFields(400, { project: 'valid project is required' });
    if (!this.hasProject(actor, project.id, 'CREATE_ISSUES'))
      failFields(400, { project: 'You do not have permission to create issues in this project.' });
    const type = this.findType(project.id, f.issuetype);
    if (!type) failFields(400, { issuetype: 'Specify a valid issue type' });
    // POST /issue and /issue/bulk set only fields on the create screen (OpenAPI, createIssue / createIssues)
    const screen = this.createScreenFields(project.id, type.id);
    const screenErrors: Record<string, string> = {};
    for (const k of [...Object.keys(f), ...Object.keys(input.update)]) {
      if (!screen.has(k) || (k in input.update && k !== 'labels')) screenErrors[k] = notOnScreen(k);
    }
    const summary = this.checkSummary(f.summary, errors);
    const description = f.description === undefined ? null : this.checkDescription(f.description, errors);
    let labels: string[] = [];
    if (f.labels !== undefined) labels = this.checkLabels(f.labels, errors) ?? [];
    if (isRecord(input.update) && input.update.labels !== undefined) labels = this.applyLabelOps(labels, input.update.labels, errors);
    let assignee: string | null = null;
    if (f.assignee !== undefined) {
      const a = this.resolveUserRef(f.assignee, 'assignee', errors);
      if (a !== undefined) {
        if (a !== null && !this.hasProject(actor, project.id, 'ASSIGN_ISSUES') && a !== actor.accountId) {
          errors.assignee = 'You do not have permission to assign issues.';
        } else this.checkAssignable(project.id, a, errors);
        assignee = a ?? null;
      }
    }
    let reporter: string | null = actor.accountId;
    if (f.reporter !== undefined) {
      const r = this.resolveUserRef(f.reporter, 'reporter', errors);
      if (r !== undefined) reporter = r;
    }
    const parent = this.checkParent(actor, project.id, type, f.parent, errors);
    const duedate = f.duedate === undefined ? null : this.checkDueDate(f.duedate, errors);
    const props: { key: string; json: string }[] = [];
    for (const p of input.properties) {
      try {
        props.push({ key: p.key, json: this.checkProperty(p.key, p.value) });
      } catch (e) {
        if (e instanceof JiraHttpError && isRecord(e.body) && Array.isArray(e.body.errorMessages))
          errors.properties = String(e.body.errorMessages[0]);
        else throw e;
      }
    }
    Object.assign(errors, screenErrors);
    if (Object.keys(errors).length > 0 || summary === undefined || description === undefined) failFields(400, errors);

    const now = jiraTimestamp();
    let row: IssueRow | undefined;
    this.store.db.transaction(() => {
      const id = this.store.nextCounter('issue_id');
      const num = this.store.nextCounter(`issue_num:${project.id}`);
      row = {
        id,
        key: `${project.key}-${num}`,
        num,
        project_id: project.id,
        issue_type_id: type.id,
        parent_id: parent ? parent.id : null,
        summary,
        description,
        labels: JSON.stringify(labels),
        assignee,
        reporter,
        creator: actor.accountId,
        status_id: STATUS_IDS.toDo,
        created: now,
        updated: now,
        resolution_date: null,
        duedate: duedate ?? null,
      };
      this.store.insertIssue(row);
      for (const p of props) this.store.setProperty(id, p.key, p.json);
    })();
    return row as IssueRow;
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

  /** Applies `fields`/`update` of an edit; returns the changelog items. */
  applyEdit(actor: User, row: IssueRow, input: IssueInput): ChangelogItem[] {
    const f = input.fields;
    const errors: Record<string, string> = {};
    const items: ChangelogItem[] = [];
    const next: IssueRow = { ...row };
    const editable = new Set(['summary', 'description', 'labels', 'assignee', 'parent', 'issuetype', 'reporter', 'duedate']);
    // The app's custom fields: a read-only one is refused to everyone, the app included ("They aren't editable by
    // users, neither through the UI nor the Edit issue REST API"; docs: manifest-reference/modules/jira-custom-field,
    // "Read-only fields"); the app writes its values through /app/field/value. Others are edited like any field.
    const fieldWrites: { id: string; value: unknown }[] = [];
    for (const k of [...Object.keys(f), ...Object.keys(input.update)]) {
      const appField = appFieldByIdOrKey(k);
      if (appField && !appField.readOnly && k in f) {
        const problem = invalidValue(appField, f[k]);
        if (problem) errors[k] = problem;
        else fieldWrites.push({ id: appField.id, value: f[k] });
      } else if (!editable.has(k)) errors[k] = `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
    const upd = input.update;
    const setOp = (name: string): unknown => {
      const ops = upd[name];
      if (!Array.isArray(ops)) return undefined;
      const s = ops.find((o): o is Record<string, unknown> => isRecord(o) && 'set' in o);
      return s ? s.set : undefined;
    };
    const summaryIn = f.summary !== undefined ? f.summary : setOp('summary');
    if (summaryIn !== undefined) {
      const s = this.checkSummary(summaryIn, errors);
      if (s !== undefined && s !== row.summary) {
        items.push({ field: 'summary', from: null, to: null, fromString: row.summary, toString: s });
        next.summary = s;
      }
    }
    const descIn = f.description !== undefined ? f.description : setOp('description');
    if (descIn !== undefined) {
      const d = this.checkDescription(descIn, errors);
      if (d !== undefined && d !== row.description) {
        items.push({ field: 'description', from: null, to: null, fromString: null, toString: null });
        next.description = d;
      }
    }
    const dueIn = f.duedate !== undefined ? f.duedate : setOp('duedate');
    if (dueIn !== undefined) {
      const d = this.checkDueDate(dueIn, errors);
      if (d !== undefined && d !== row.duedate) {
        // Jira's changelog of a due date: the date in `from`/`to`, a timestamp in the strings.
        const str = (x: string | null) => (x === null ? null : `${x} 00:00:00.0`);
        items.push({ field: 'duedate', from: row.duedate, to: d, fromString: str(row.duedate), toString: str(d) });
        next.duedate = d;
      }
    }
    let labels = JSON.parse(row.labels) as string[];
    if (f.labels !== undefined) labels = this.checkLabels(f.labels, errors) ?? labels;
    if (upd.labels !== undefined) labels = this.applyLabelOps(labels, upd.labels, errors);
    const newLabels = JSON.stringify(labels);
    if (newLabels !== row.labels) {
      const before = (JSON.parse(row.labels) as string[]).join(' ');
      items.push({ field: 'labels', from: null, to: null, fromString: before, toString: labels.join(' ') });
      next.labels = newLabels;
    }
    if (f.assignee !== undefined) {
      const a = this.resolveUserRef(f.assignee, 'assignee', errors);
      if (a !== undefined) {
        if (!this.hasProject(actor, row.project_id, 'ASSIGN_ISSUES')) errors.assignee = 'You do not have permission to assign issues.';
        else this.checkAssignable(row.project_id, a, errors);
        if (a !== row.assignee) {
          items.push(this.userChange('assignee', row.assignee, a));
          next.assignee = a;
        }
      }
    }
    if (f.reporter !== undefined) {
      const r = this.resolveUserRef(f.reporter, 'reporter', errors);
      if (r !== undefined && r !== row.reporter) {
        items.push(this.userChange('reporter', row.reporter, r));
        next.reporter = r;
      }
    }
    let type = this.store.issueType(row.project_id, row.issue_type_id) as IssueTypeRow;
    if (f.issuetype !== undefined) {
      const t = this.findType(row.project_id, f.issuetype);
      if (!t) errors.issuetype = 'Specify a valid issue type';
      else if (t.hierarchy_level !== type.hierarchy_level) {
        errors.issuetype = 'The issue type can only be changed to a type of the same hierarchy level. Use Move for other changes.';
      } else if (t.id !== type.id) {
        items.push({ field: 'issuetype', from: type.id, to: t.id, fromString: type.name, toString: t.name });
        next.issue_type_id = t.id;
        type = t;
      }
    }
    if (f.parent !== undefined) {
      const p = this.checkParent(actor, row.project_id, type, f.parent, errors, row.id);
      const newParent = p ? p.id : p === null ? null : row.parent_id;
      if (p !== undefined && newParent !== row.parent_id) {
        const old = row.parent_id !== null ? this.store.issueById(row.parent_id) : undefined;
        items.push({
          field: 'IssueParentAssociation',
          from: row.parent_id === null ? null : String(row.parent_id),
          to: newParent === null ? null : String(newParent),
          fromString: old?.key ?? null,
          toString: p ? p.key : null,
        });
        next.parent_id = newParent;
      }
    }
    const props: { key: string; json: string }[] = [];
    for (const p of input.properties) props.push({ key: p.key, json: this.checkProperty(p.key, p.value) });
    if (Object.keys(errors).length > 0) failFields(400, errors);
    for (const w of fieldWrites) {
      const before = this.store.fieldValue(row.id, w.id);
      if (JSON.stringify(before.found ? before.value : null) !== JSON.stringify(w.value))
        items.push({ field: w.id, from: null, to: null, fromString: null, toString: null });
    }
    if (items.length > 0) next.updated = jiraTimestamp();
    this.store.db.transaction(() => {
      if (items.length > 0) this.store.updateIssue(next);
      for (const p of props) this.store.setProperty(row.id, p.key, p.json);
      for (const w of fieldWrites) this.store.setFieldValue(row.id, w.id, w.value);
    })();
    return items;
  }

  userChange(field: string, from: string | null, to: string | null): ChangelogItem {
    const name = (id: string | null): string | null => (id === null ? null : (this.store.userByAccountId(id)?.displayName ?? id));
    return { field, from, to, fromString: name(from), toString: name(to) };
  }
}
