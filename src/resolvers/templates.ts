/**
 * Template resolvers: project templates on the settings page (settings-resolver) and the epic
 * upgrade on the panel (panel-resolver). Payloads are strict: an unknown key is refused.
 */
import type Resolver from '@forge/resolver';
import * as z from 'zod';
import * as admin from '../services/templates/project-templates';
import * as upgrade from '../services/templates/upgrade-epic';
import { MAX_DOCUMENT_CHARS } from '../core/template';
import { define, epicOf, projectOf } from './envelope';
import { action } from './schemas';

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'not a template id')
  .max(200);
const version = z
  .string()
  .regex(/^\d+\.\d+\.\d+$/, 'version must be MAJOR.MINOR.PATCH')
  .max(50);

export const templateSchemas = {
  empty: action({}),
  exportProjectTemplate: action({ format: z.enum(['yaml', 'json']), templateId: id.optional(), version: version.optional() }),
  text: action({ text: z.string().max(MAX_DOCUMENT_CHARS, `at most ${MAX_DOCUMENT_CHARS} characters`) }),
  saveTemplateLabelRules: action({
    rules: z.array(z.strictObject({ label: z.string().max(255), templateId: id })).max(admin.MAX_LABEL_RULES),
  }),
  upgradeEpic: action({ toTemplateId: id, toVersion: version }),
};

/** Adds the settings page's template resolvers to its Resolver. */
export function defineSettingsTemplateResolvers(resolver: Resolver): void {
  define(resolver, 'getProjectTemplates', templateSchemas.empty, ({ caller, context }) =>
    admin.getProjectTemplates(caller, projectOf(context)),
  );
  define(resolver, 'exportProjectTemplate', templateSchemas.exportProjectTemplate, ({ caller, context, payload }) =>
    admin.exportProjectTemplate(caller, projectOf(context), payload),
  );
  define(resolver, 'previewProjectTemplate', templateSchemas.text, ({ caller, context, payload }) =>
    admin.previewProjectTemplate(caller, projectOf(context), payload),
  );
  define(resolver, 'saveProjectTemplate', templateSchemas.text, ({ caller, context, payload }) =>
    admin.saveProjectTemplate(caller, projectOf(context), payload),
  );
  define(resolver, 'saveTemplateLabelRules', templateSchemas.saveTemplateLabelRules, ({ caller, context, payload }) =>
    admin.saveTemplateLabelRules(caller, projectOf(context), payload),
  );
}

/** Adds the panel's upgrade resolvers to its Resolver. */
export function definePanelTemplateResolvers(resolver: Resolver): void {
  define(resolver, 'previewUpgrade', templateSchemas.empty, ({ caller, context }) => upgrade.previewUpgrade(caller, epicOf(context).key));
  define(resolver, 'upgradeEpic', templateSchemas.upgradeEpic, ({ caller, context, payload }) =>
    upgrade.upgradeEpic(caller, epicOf(context).key, payload),
  );
}
