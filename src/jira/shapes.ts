/** The shapes of the Jira Cloud REST v3 answers the app reads (src/jira/client.ts re-exports them). */
export interface JiraUser {
  accountId: string;
  displayName?: string;
  active?: boolean;
  accountType?: string;
  avatarUrls?: Record<string, string>;
}

export interface JiraStatus {
  id?: string;
  name: string;
  statusCategory: { key: string };
}

export interface JiraIssue {
  id: string;
  key: string;
  fields: {
    summary?: string;
    labels?: string[];
    status?: JiraStatus;
    assignee?: JiraUser | null;
    issuetype?: { id: string; name: string; hierarchyLevel?: number; subtask?: boolean };
    project?: { id: string; key: string; name?: string };
    parent?: { id: string; key: string };
    subtasks?: { id: string; key: string }[];
    resolutiondate?: string | null;
    /** `YYYY-MM-DD` or null. */
    duedate?: string | null;
  };
  properties?: Record<string, unknown>;
  /** With `expand=transitions`: the transitions the caller may make from the issue's status, each with its target status. */
  transitions?: { id: string; name?: string; to?: JiraStatus }[];
}

export interface SearchPage {
  issues: JiraIssue[];
  nextPageToken?: string;
  isLast?: boolean;
}

export interface BulkCreateResult {
  issues: { id: string; key: string }[];
  errors: {
    status?: number;
    failedElementNumber?: number;
    elementErrors?: { errorMessages?: string[]; errors?: Record<string, string> };
  }[];
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  /** 'classic' = company-managed, 'next-gen' = team-managed. */
  style?: string;
  simplified?: boolean;
  issueTypes?: { id: string; name: string; hierarchyLevel?: number; subtask?: boolean }[];
}

export interface ProjectRoleDetail {
  id: number;
  name: string;
  actors?: { type?: string; actorUser?: { accountId: string } }[];
}

export interface WorkflowReadResult {
  workflows?: {
    id?: string;
    name?: string;
    transitions?: {
      id?: string;
      name?: string;
      type?: string;
      to?: { statusReference?: string };
      /** The target status (Jira's POST /rest/api/3/workflows answer names it here). */
      toStatusReference?: string;
      validators?: { ruleKey: string; parameters?: Record<string, string> }[];
    }[];
  }[];
  /** statusCategory: TODO | IN_PROGRESS | DONE. */
  statuses?: { id?: string; statusReference?: string; name?: string; statusCategory?: string }[];
}

/** Per call: a deadline (ms since the epoch) after which retries stop. */
export interface CallOptions {
  deadline?: number;
}
