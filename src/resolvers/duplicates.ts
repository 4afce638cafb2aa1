/**
 * Duplicate children (issue 19): the panel's section and cleanup (panel-resolver), the settings
 * page's list (settings-resolver). Payloads are strict: an unknown key is refused.
 */
import type Resolver from '@forge/resolver';
import { z } from 'zod';
import * as duplicates from '../services/items/duplicates';
import { define, epicOf, projectOf } from './envelope';
import { action } from './schemas';

const issueKey = z
  .string()
  .max(300)
  .regex(/^[A-Z][A-Z0-9_]{0,254}-[1-9]\d{0,17}$/, 'not a Jira issue key');

export const duplicateSchemas = {
  empty: action({}),
  cleanUpDuplicates: action({ deleteKeys: z.array(issueKey).max(500) }),
};

/** Adds the panel's duplicate resolvers to its Resolver. */
export function definePanelDuplicateResolvers(resolver: Resolver): void {
  define(resolver, 'getDuplicates', duplicateSchemas.empty, ({ caller, context }) => duplicates.getDuplicates(caller, epicOf(context)));
  define(resolver, 'cleanUpDuplicates', duplicateSchemas.cleanUpDuplicates, ({ caller, context, payload }) =>
    duplicates.cleanUpDuplicates(caller, epicOf(context), payload),
  );
}

/** Adds the settings page's duplicate list to its Resolver. */
export function defineSettingsDuplicateResolvers(resolver: Resolver): void {
  define(resolver, 'getProjectDuplicates', duplicateSchemas.empty, ({ caller, context }) =>
    duplicates.getProjectDuplicates(caller, projectOf(context)),
  );
}
