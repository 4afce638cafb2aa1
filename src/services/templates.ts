import { getTemplate, latestTemplate } from '../core/template';
import type { Template } from '../core/template/schema';
import { AppError, msg } from './errors';

/** The template an epic or project uses; the latest one when no version is given. */
export function requireTemplate(id: string, version?: string): Template {
  const t = version ? getTemplate(id, version) : latestTemplate(id);
  if (!t) {
    throw new AppError(
      'INTERNAL',
      msg(
        `Mallia ${id} ${version ?? ''} ei löydy sovelluksesta.`,
        `Mallen ${id} ${version ?? ''} finns inte i appen.`,
        `Template ${id} ${version ?? ''} is not in the app.`,
      ),
    );
  }
  return t;
}
