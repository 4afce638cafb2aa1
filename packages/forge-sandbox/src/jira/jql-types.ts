/** The types of the JQL subset (jql.ts): parsed queries, indexed values, the issues and environment it evaluates on. */

export type JqlValue = { kind: 'literal'; value: string } | { kind: 'empty' } | { kind: 'function'; name: string; args: string[] };

export type JqlOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | 'not in' | 'is' | 'is not';

/** The type of an indexed entity property value (jira:entityProperty `values[].type`). */
export type IndexedValueType = 'number' | 'string' | 'text' | 'user' | 'date';

export interface IndexedPropertyValue {
  propertyKey: string;
  /** `values[].path` split at '.'. */
  path: string[];
  type: IndexedValueType;
  searchAlias?: string;
}

/** A value an index holds for an issue: an entity property (`key` = property key) or a custom field's (`source: 'field'`, `key` = field id). */
export interface IndexedRef {
  key: string;
  path: string[];
  type?: IndexedValueType;
  source?: 'property' | 'field';
}

export interface JqlField {
  /** canonical lower-case name: project, parent, issuetype, status, statuscategory, labels, key, id, assignee, reporter, property */
  name: string;
  raw: string;
  /** `type` when the app's entity property index declares that value. */
  property?: IndexedRef;
}

export type JqlExpr =
  | { type: 'and' | 'or'; left: JqlExpr; right: JqlExpr }
  | { type: 'not'; expr: JqlExpr }
  | { type: 'clause'; field: JqlField; op: JqlOperator; values: JqlValue[]; list: boolean };

export interface JqlSort {
  field: 'key' | 'id' | 'created' | 'updated' | 'summary' | 'property';
  direction: 'ASC' | 'DESC';
  /** For `property`: an entity property value (by alias or issue.property[key].path), or a custom field's. */
  property?: IndexedRef;
}

export interface JqlQuery {
  where: JqlExpr | null;
  orderBy: JqlSort[];
}

export interface JqlIssue {
  id: string;
  key: string;
  num: number;
  projectId: string;
  projectKey: string;
  issueTypeId: string;
  statusId: string;
  parentId: string | null;
  labels: string[];
  assignee: string | null;
  reporter: string | null;
  summary: string;
  created: string;
  updated: string;
  /** `YYYY-MM-DD` or null. */
  duedate?: string | null;
  property(key: string): { found: true; value: unknown } | { found: false };
  /** The value of one of the app's custom fields (by id); absent = no custom field values. */
  field?(fieldId: string): { found: true; value: unknown } | { found: false };
}

export interface JqlEnvironment {
  currentAccountId: string;
  projects: { id: string; key: string; name: string }[];
  issueTypes: { id: string; name: string; subtask: boolean }[];
  statuses: { id: string; name: string; category: 'new' | 'indeterminate' | 'done' }[];
  /** visible issue by key or id (for key/parent/id values) */
  findIssue(keyOrId: string): { id: string; key: string } | undefined;
}

export type IssuePredicate = (issue: JqlIssue) => boolean;
