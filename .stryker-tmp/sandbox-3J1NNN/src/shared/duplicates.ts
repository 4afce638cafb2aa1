/**
 * The contract of the duplicate-children resolvers (issue 19): the panel's section and cleanup, the
 * settings page's list. Imported by src/ and static/; nothing here does I/O.
 */
// @ts-nocheck

import type { ActionPermission, StatusCategory } from '../core/model';

export interface DuplicateChildView {
  id: string;
  key: string;
  summary: string;
  /** Jira's `created` (ISO time). */
  created: string;
  statusCategory: StatusCategory;
}

export interface DuplicateItemView {
  itemId: string;
  keep: DuplicateChildView;
  /** The kept child is the one the app's map names (false: the oldest is kept, and the cleanup maps it). */
  keepInMap: boolean;
  /** Surplus nobody has worked on: the cleanup deletes these. */
  remove: DuplicateChildView[];
  /** Surplus someone has worked on: never deleted by the app; a person decides. */
  needsPerson: DuplicateChildView[];
}

export interface DuplicatesView {
  items: DuplicateItemView[];
  /** Whether the caller may run the cleanup (with the reason when not). */
  cleanup: ActionPermission;
}

export interface DeduplicateReport {
  /** itemId → the key of the child kept (and now in the app's map), for every item that changed. */
  kept: Record<string, string>;
  deleted: string[];
  /** Already deleted by someone else (Jira answered 404). */
  alreadyGone: string[];
  /** Deletions Jira refused, as "KEY: Jira's reason". */
  refused: string[];
  /** Surplus someone has worked on: left for a person. */
  needsPerson: string[];
}

export interface ProjectDuplicatesView {
  epics: { id: string; key: string; summary: string; items: number; surplus: number }[];
  /** Children looked at (at most `limit`). */
  scanned: number;
  limit: number;
  /** The project has more children than were looked at. */
  more: boolean;
}

type NoPayload = { [K in never]: never };

export interface DuplicatesContract {
  getDuplicates: { payload: NoPayload; result: DuplicatesView };
  /** `deleteKeys`: the surplus the preview showed and the person confirmed; only these are deleted. */
  cleanUpDuplicates: { payload: { deleteKeys: string[] }; result: DeduplicateReport };
  getProjectDuplicates: { payload: NoPayload; result: ProjectDuplicatesView };
}

export const PANEL_DUPLICATE_RESOLVERS = ['getDuplicates', 'cleanUpDuplicates'] as const satisfies readonly (keyof DuplicatesContract)[];
export const SETTINGS_DUPLICATE_RESOLVERS = ['getProjectDuplicates'] as const satisfies readonly (keyof DuplicatesContract)[];
