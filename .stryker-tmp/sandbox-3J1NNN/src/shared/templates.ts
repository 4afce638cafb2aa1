/**
 * The contract of the template resolvers (project templates on the settings page, upgrades on the
 * panel). Imported by src/ and static/; nothing here does I/O.
 */
// @ts-nocheck

export type TemplateDocumentFormat = 'yaml' | 'json';

/** One change between two templates: `+ id`, `- id`, `~ id field,…` (see src/core/template/diff.ts). */
export interface TemplateChangeView {
  id: string;
  entry: 'template' | 'gate' | 'role' | 'section' | 'item' | 'condition';
  change: 'added' | 'removed' | 'changed';
  fields: string[];
  /** The entry's Finnish/Swedish/English text (new text when added or changed, old when removed). */
  text?: { fi: string; sv: string; en: string };
}

export interface TemplateCounts {
  roles: number;
  duties: number;
  deliverables: number;
  optionalItems: number;
  conditions: number;
}

/** A saved version of a project's template. Saved versions are never overwritten. */
export interface ProjectTemplateVersion {
  templateId: string;
  version: string;
  savedAt: string;
  savedBy: string;
  /** The version it replaced when saved (null: the first project version). */
  basedOn: string | null;
  counts: TemplateCounts;
}

/** An epic label that chooses a template other than the default. */
export interface TemplateLabelRule {
  label: string;
  templateId: string;
}

export interface ProjectTemplatesView {
  projectId: string;
  /** The template new deployment epics get (no label rule matching): the project's latest version, else the built-in one. */
  current: { templateId: string; version: string; source: 'built-in' | 'project'; counts: TemplateCounts };
  /** Saved project versions, newest first, of every template id of the project. */
  versions: ProjectTemplateVersion[];
  /** Template ids available to label rules (built-in and project ones). */
  templateIds: string[];
  labelRules: TemplateLabelRule[];
  canAdminister: boolean;
}

export type TemplateImportPreview =
  | { valid: false; problems: string[] }
  | {
      valid: true;
      templateId: string;
      version: string;
      /** The version it would replace (the project's latest of that id, or the built-in one). */
      against: { templateId: string; version: string; source: 'built-in' | 'project' } | null;
      changes: TemplateChangeView[];
      counts: TemplateCounts;
      /** Problems that block saving although the file itself is valid (e.g. version not higher). */
      blockers: string[];
    };

/** What an epic upgrade would do (and, after it ran, did). */
export interface UpgradePlanView {
  from: { templateId: string; version: string };
  to: { templateId: string; version: string };
  /** Items added: spawned as children, assigned from the roster. */
  added: { itemId: string; text: { fi: string; sv: string; en: string }; role: string; assigneeAccountId: string | null }[];
  /** Items removed: their children are kept and labelled obsolete. */
  removed: { itemId: string; childKey: string | null }[];
  /** Items whose text or owner changed: the child's summary / assignee is updated. */
  changed: { itemId: string; childKey: string | null; fields: string[] }[];
  /** Attestations kept (id unchanged, meaning unchanged). */
  keptAttestations: string[];
  /** Attestations voided, with the reason. */
  voidedAttestations: { conditionId: string; reason: string }[];
  keptWaivers: string[];
  voidedWaivers: { itemId: string; reason: string }[];
  /** All changes, as the diff lists them. */
  changes: TemplateChangeView[];
}

export interface UpgradeOffer {
  /** Null when the epic already uses the newest version of its template. */
  plan: UpgradePlanView | null;
  allowed: boolean;
  /** Why not, in the caller's language. */
  reason?: string;
}

export interface UpgradeReport {
  plan: UpgradePlanView;
  created: number;
  relabelled: number;
  updated: number;
  /** Children Jira refused to change, as "KEY: reason". */
  failed: string[];
}

/** The UI may send its locale; the resolvers read the caller's locale from the Forge context. */
export type WithLocale = { locale?: 'fi-FI' | 'sv-SE' | 'en-US' };

/** Resolvers of the settings page (function key settings-resolver) and the panel (panel-resolver). */
export interface TemplateResolverContract {
  getProjectTemplates: { payload: WithLocale; result: ProjectTemplatesView };
  exportProjectTemplate: {
    payload: WithLocale & { format: TemplateDocumentFormat; templateId?: string; version?: string };
    result: { fileName: string; text: string; mediaType: string };
  };
  previewProjectTemplate: { payload: WithLocale & { text: string }; result: TemplateImportPreview };
  saveProjectTemplate: { payload: WithLocale & { text: string }; result: ProjectTemplatesView };
  saveTemplateLabelRules: { payload: WithLocale & { rules: TemplateLabelRule[] }; result: ProjectTemplatesView };
  previewUpgrade: { payload: WithLocale; result: UpgradeOffer };
  upgradeEpic: { payload: WithLocale & { toTemplateId: string; toVersion: string }; result: UpgradeReport };
}

export const SETTINGS_TEMPLATE_RESOLVERS = [
  'getProjectTemplates',
  'exportProjectTemplate',
  'previewProjectTemplate',
  'saveProjectTemplate',
  'saveTemplateLabelRules',
] as const satisfies readonly (keyof TemplateResolverContract)[];
export const PANEL_TEMPLATE_RESOLVERS = ['previewUpgrade', 'upgradeEpic'] as const satisfies readonly (keyof TemplateResolverContract)[];
