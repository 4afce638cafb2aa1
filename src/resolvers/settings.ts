/** The project settings page's resolvers (function key `settings-resolver`). */
import Resolver from '@forge/resolver';
import * as settings from '../services/settings/project-settings';
import * as users from '../services/roster/users';
import { checkDossierFileOfProject } from '../services/records/dossier';
import { define, projectOf } from './envelope';
import { schemas } from './schemas';
import { defineSettingsTemplateResolvers } from './templates';
import { defineSettingsDuplicateResolvers } from './duplicates';

export function settingsResolver() {
  const resolver = new Resolver();
  define(resolver, 'getSettings', schemas.empty, ({ caller, context }) => settings.getSettings(caller, projectOf(context)));
  define(resolver, 'saveSettings', schemas.saveSettings, ({ caller, context, payload }) =>
    settings.saveSettings(caller, projectOf(context), payload),
  );
  define(resolver, 'getUsers', schemas.getUsers, ({ payload }) => users.getUsers(payload.accountIds));
  define(resolver, 'searchUsers', schemas.searchUsers, ({ payload }) => users.searchUsers(payload.query));
  define(resolver, 'verifyDossier', schemas.verifyDossier, ({ caller, context, payload }) =>
    checkDossierFileOfProject(caller, projectOf(context), payload.text),
  );
  defineSettingsTemplateResolvers(resolver);
  defineSettingsDuplicateResolvers(resolver);
  return resolver.getDefinitions();
}
