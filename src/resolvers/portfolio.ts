/** The resolvers of the project page "Käyttöönotot" and the dashboard gadget (function key `portfolio-resolver`). */
import Resolver from '@forge/resolver';
import * as z from 'zod';
import { ROLE_IDS } from '../core/template/schema';
import * as bulk from '../services/templates/bulk-upgrade';
import * as portfolio from '../services/portfolio/portfolio';
import { getPortfolioOverdue } from '../services/portfolio/overdue';
import * as gadgetProjects from '../services/portfolio/gadget-projects';
import { AppError, M } from '../services/common/errors';
import {
  BULK_PREVIEW_PAGE_MAX,
  BULK_UPGRADE_BATCH,
  PORTFOLIO_PAGE_MAX,
  PORTFOLIO_SORT_FIELDS,
  type BulkUpgradePreviewQuery,
  type BulkUpgradeTarget,
  type GadgetConfig,
  type PortfolioQuery,
} from '../shared/portfolio';
import { define, type ForgeContext } from './envelope';
import { action } from './schemas';
import { templateSchemas } from './templates';
import { l10n } from '../core/messages';

const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'not a Jira project key');

const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,254}-[1-9]\d{0,17}$/;
const issueKey = z
  .string()
  .max(300)
  .superRefine((value, ctx) => {
    if (!ISSUE_KEY.test(value))
      ctx.addIssue({
        code: 'custom',
        params: { localized: l10n('server.portfolio.notIssueKey') },
      });
  });

/** A Jira issue id as the project page has it from getPortfolio (digits). */
const issueId = z
  .string()
  .max(18)
  .superRefine((value, ctx) => {
    if (!/^[1-9]\d{0,17}$/.test(value)) ctx.addIssue({ code: 'custom', params: { localized: l10n('server.portfolio.notIssueId') } });
  });

/** The epics of one bulk upgrade call: each once, each with the version its preview showed (the panel's upgradeEpic fields). */
const bulkTargets = z
  .array(
    z.strictObject({
      key: issueKey,
      toTemplateId: templateSchemas.upgradeEpic.shape.toTemplateId,
      toVersion: templateSchemas.upgradeEpic.shape.toVersion,
    }),
  )
  .min(1)
  .max(BULK_UPGRADE_BATCH)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
      if (seen.has(t.key))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'key'],
          params: { localized: l10n('server.portfolio.duplicateKey', { key: t.key }) },
        });
      seen.add(t.key);
    });
  });

export const portfolioSchemas = {
  // Every payload may carry the UI's locale (action(): strict, unknown fields refused).
  getPortfolio: action({
    sort: z
      .object({ field: z.enum(PORTFOLIO_SORT_FIELDS), direction: z.enum(['ASC', 'DESC']) })
      .strict()
      .optional(),
    filter: z
      .object({ blockedOnly: z.boolean().optional(), mine: z.boolean().optional(), role: z.enum(ROLE_IDS).optional() })
      .strict()
      .optional(),
    nextPageToken: z.string().min(1).max(2000).optional(),
    pageSize: z.number().int().min(1).max(PORTFOLIO_PAGE_MAX).optional(),
  }) as unknown as z.ZodType<PortfolioQuery>,
  // The rows of one page (at most a page's size), after the page has shown them.
  getPortfolioOverdue: action({ epicIds: z.array(issueId).min(1).max(PORTFOLIO_PAGE_MAX) }) as unknown as z.ZodType<{
    epicIds: string[];
  }>,
  getGadget: action({
    config: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('projects'), projectKeys: z.array(projectKey).min(1, 'choose at least one project').max(20) }).strict(),
      z.object({ mode: z.literal('jql'), jql: z.string().trim().min(1, 'write a JQL filter').max(2000) }).strict(),
    ]),
  }) as unknown as z.ZodType<{ config: GadgetConfig }>,
  listGadgetProjects: action({ query: z.string().max(100).optional() }) as unknown as z.ZodType<{ query?: string }>,
  previewBulkUpgrade: action({
    nextPageToken: z.string().min(1).max(2000).optional(),
    pageSize: z.number().int().min(1).max(BULK_PREVIEW_PAGE_MAX).optional(),
  }) as unknown as z.ZodType<BulkUpgradePreviewQuery>,
  bulkUpgrade: action({ epics: bulkTargets }) as unknown as z.ZodType<{ epics: BulkUpgradeTarget[] }>,
};

/** The project of a project page, from the Forge context (never from the payload). */
function projectOfPage(context: ForgeContext): { id: string; key: string } {
  const p = context.extension?.project;
  const id = p?.id;
  const key = p?.key;
  if (typeof id !== 'string' || !id || typeof key !== 'string' || !key)
    throw new AppError('INVALID_INPUT', M.invalidInput, ['context: this resolver runs on a project page']);
  return { id, key };
}

export function portfolioResolver() {
  const resolver = new Resolver();
  define(resolver, 'getPortfolio', portfolioSchemas.getPortfolio, ({ caller, context, payload }) =>
    portfolio.getPortfolio(caller, projectOfPage(context), payload),
  );
  define(resolver, 'getPortfolioOverdue', portfolioSchemas.getPortfolioOverdue, ({ context, payload }) => {
    projectOfPage(context); // only from a project page, like the rows it counts for
    return getPortfolioOverdue(payload.epicIds);
  });
  define(resolver, 'getGadget', portfolioSchemas.getGadget, ({ caller, payload }) => portfolio.getGadget(caller, payload.config));
  define(resolver, 'listGadgetProjects', portfolioSchemas.listGadgetProjects, ({ caller, payload }) =>
    gadgetProjects.listGadgetProjects(caller, payload.query),
  );
  define(resolver, 'previewBulkUpgrade', portfolioSchemas.previewBulkUpgrade, ({ caller, context, payload }) =>
    bulk.previewBulkUpgrade(caller, projectOfPage(context), payload),
  );
  define(resolver, 'bulkUpgrade', portfolioSchemas.bulkUpgrade, ({ caller, context, payload }) =>
    bulk.bulkUpgrade(caller, projectOfPage(context), payload.epics),
  );
  return resolver.getDefinitions();
}
