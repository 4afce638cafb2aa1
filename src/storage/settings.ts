/** A project's settings. */
import { kvs } from '@forge/kvs';
import type { ProjectSettings } from '../shared/api';
import { parseRecord, settingsRecordSchema } from './records';
import { getParsed, key } from './kvs-util';

export async function getProjectSettings(projectId: string): Promise<ProjectSettings | undefined> {
  return getParsed(key('settings', projectId), settingsRecordSchema);
}

export const settingsKey = (projectId: string) => key('settings', projectId);

/** A project's settings as read in a batch (undefined when absent). */
export function parseProjectSettings(projectId: string, value: unknown): ProjectSettings | undefined {
  return value === undefined ? undefined : parseRecord(settingsKey(projectId), settingsRecordSchema, value);
}

export async function putProjectSettings(projectId: string, settings: ProjectSettings): Promise<void> {
  await kvs.set(key('settings', projectId), settings);
}
