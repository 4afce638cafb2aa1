/**
 * A template as a text document people can keep in Git and edit: YAML, or JSON with the same
 * schema (`docs/template.schema.json`, generated from the zod schema by `templateJsonSchema`).
 *
 * Pure: text in, text out. Reading a document reports every problem at once, one line each,
 * starting with the path of the bad entry (`items[3].role: unknown role "arkkitehtti" ...`);
 * problems of the text itself (bad YAML, a key written twice) start with `(document)`.
 * Export → import → export gives the same document.
 */
import * as z from 'zod';
import YAML from 'yaml';
import { validateTemplateInput } from './validate';
import {
  localizedParagraphsSchema,
  localizedTextSchema,
  quorumSchema,
  restsOnSchema,
  roleIdSchema,
  templateSchema,
  type Template,
} from './schema';
import { MAX_ROLE_HOLDERS } from '../domain';

export const TEMPLATE_FORMATS = ['yaml', 'json'] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];

/** Larger documents are refused before parsing (the built-in template is about 60 kB). */
export const MAX_DOCUMENT_CHARS = 1_000_000;

/** The template as a plain document: every field written out, in schema order. */
export function toDocument(template: Template): Record<string, unknown> {
  // Parsing gives the schema's key order and fills the defaults, so the document does not depend
  // on how the template was written in source.
  return JSON.parse(JSON.stringify(templateSchema.parse(template))) as Record<string, unknown>;
}

/** The template as YAML or JSON text (ends with a newline). */
export function serializeTemplate(template: Template, format: TemplateFormat = 'yaml'): string {
  const doc = toDocument(template);
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  return YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

export type DocumentResult = { ok: true; template: Template } | { ok: false; problems: string[] };

/**
 * Reads a template document (YAML or JSON; JSON is read as YAML 1.2, whose syntax includes it, so
 * a key written twice is caught in both). A top-level `$schema` (the editor's schema hint) is
 * allowed and dropped.
 */
export function parseTemplateDocument(text: string): DocumentResult {
  if (typeof text !== 'string') return { ok: false, problems: ['(document): expected the text of a template document'] };
  if (text.length > MAX_DOCUMENT_CHARS) {
    return { ok: false, problems: [`(document): the document is longer than ${MAX_DOCUMENT_CHARS} characters`] };
  }
  if (text.trim() === '') return { ok: false, problems: ['(document): the document is empty'] };
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const at = lineCounter.linePos(e.pos[0]);
        const message = e.code === 'DUPLICATE_KEY' ? 'a key is written twice' : (e.message.split('\n')[0] ?? e.message);
        return `(document): line ${at.line}, column ${at.col}: ${message}`;
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, problems: [`(document): ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && '$schema' in value) {
    const { $schema, ...rest } = value as Record<string, unknown>;
    if (typeof $schema !== 'string') return { ok: false, problems: ['$schema: expected the address of the schema (a string)'] };
    value = rest;
  }
  return validateTemplateInput(value);
}

/** The JSON Schema of a template document (draft 2020-12), generated from the zod schema. */
export function templateJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id?: string; title?: string; description?: string }>();
  registry.add(localizedTextSchema, {
    id: 'LocalizedText',
    description:
      'Text in Finnish (fi, the source), Swedish (sv) and English (en); none may be empty. One line: no control characters (line breaks included), no text-direction characters (U+061C, U+200E/F, U+202A–202E, U+2066–2069), no invisible ones (U+200B, U+2060, U+FEFF).',
  });
  registry.add(localizedParagraphsSchema, {
    id: 'LocalizedParagraphs',
    description:
      'Text in Finnish (fi, the source), Swedish (sv) and English (en); none may be empty. Line breaks and tabs are kept; other control characters, text-direction and invisible characters are not allowed.',
  });
  registry.add(roleIdSchema, { id: 'RoleId', description: 'One of the six roles of the phase.' });
  registry.add(quorumSchema, {
    description: `Attestation conditions only: how many different people holding the condition's roles on the epic's roster must confirm it (default 1, at most ${MAX_ROLE_HOLDERS}). One person counts once, also through a stand-in; a void or stale confirmation does not count. A quorum larger than the roster's holders of the roles is reported as unreachable.`,
  });
  registry.add(restsOnSchema, {
    description:
      'Attestation conditions only: ids of the items the confirmation rests on. When one of them is reopened after the confirmation, or the evidence link changes, the confirmation turns stale, no longer counts, and its confirmer is told.',
  });
  const schema = z.toJSONSchema(templateSchema, { io: 'input', metadata: registry, target: 'draft-2020-12' }) as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'Käyttöönotto for Jira: phase template',
    description:
      'A phase template: roles, sections, duties and deliverables (items), and the entry and exit gate conditions. Ids are stable between versions. Checked further by `npm run template -- validate <file>` (unique ids, section nesting, role lists).',
    ...schema,
    properties: { $schema: { type: 'string', description: 'The address of this schema, for the editor.' }, ...properties },
  };
}
