/**
 * What every resource module of the emulator shares: the request context, the reply, the caller's
 * permissions and visibility, events, and the route table type.
 */
import type { IssueRow, ProjectRow, Store } from '../db';
import { fail } from '../http';
import type { Renderer } from '../render';
import type { Strict } from '../strict';
import type { EmulatorHooks, IssueEvent, User } from '../types';

export const PROPERTY_VALUE_MAX = 32768;
export const PROPERTY_KEY_MAX = 255;
export const BULK_MAX = 50;
export const INVALID_PAYLOAD_MESSAGE = 'Invalid request payload. Refer to the REST API documentation and try again.';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestContext {
  method: string;
  url: URL;
  params: Record<string, string>;
  actor: User;
  body: unknown;
  rawBody: string;
  render: Renderer;
  /** run after the response is sent */
  after: (() => void)[];
}

export interface ApiOptions {
  store: Store;
  hooks: EmulatorHooks;
  validatorTimeoutMs: number;
  strict: Strict;
}

export const NOT_FOUND_ISSUE = 'Issue does not exist or you do not have permission to see it.';

export function notFoundProject(idOrKey: string): never {
  return fail(404, `No project could be found with key '${idOrKey}'.`);
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Base of the resource modules: store access, permissions, visibility, events. */
export abstract class Resource {
  constructor(
    protected readonly o: ApiOptions,
    protected readonly resources: Resources,
  ) {}

  get store(): Store {
    return this.o.store;
  }

  // ---------------------------------------------------------------------------------------------
  // permissions

  isApp(u: User): boolean {
    return u.accountType === 'app';
  }

  hasGlobal(u: User, perm: string): boolean {
    if (this.isApp(u)) return true;
    return this.store.globalPermissions(u.accountId).has(perm);
  }

  hasProject(u: User, projectId: string, perm: string): boolean {
    if (this.isApp(u)) return true;
    return this.store.projectPermissions(projectId, u.accountId).has(perm);
  }

  visibleProject(u: User, idOrKey: string): ProjectRow {
    const p = this.store.projectByIdOrKey(idOrKey);
    if (!p || !this.hasProject(u, p.id, 'BROWSE_PROJECTS')) notFoundProject(idOrKey);
    return p;
  }

  visibleIssue(u: User, idOrKey: string): IssueRow {
    const i = this.store.issueByIdOrKey(idOrKey);
    if (!i || !this.hasProject(u, i.project_id, 'BROWSE_PROJECTS')) fail(404, NOT_FOUND_ISSUE);
    return i;
  }

  visibleProjects(u: User): ProjectRow[] {
    return this.store.allProjects().filter((p) => this.hasProject(u, p.id, 'BROWSE_PROJECTS'));
  }

  emit(c: RequestContext, event: Omit<IssueEvent, 'atlassianId'>): void {
    const hook = this.o.hooks.onIssueEvent;
    if (!hook) return;
    const full: IssueEvent = { ...event, atlassianId: c.actor.accountId };
    // In the same tick as the write and before the answer leaves: Jira delivers product events at
    // least once (events-reference/product_events), so a sandbox killed right after a write must
    // still have its event stored (the harness persists it synchronously).
    c.after.push(() => {
      try {
        hook(full);
      } catch {
        // fire-and-forget: a failing listener must not affect Jira
      }
    });
  }

  transitionsFor(c: RequestContext, row: IssueRow): Record<string, unknown>[] {
    if (!this.hasProject(c.actor, row.project_id, 'TRANSITION_ISSUES')) return [];
    return this.store
      .transitions()
      .filter((t) => t.to_status_id !== row.status_id)
      .map((t) => {
        const st = this.store.status(t.to_status_id);
        return {
          id: t.id,
          name: t.name,
          to: st ? c.render.status(st) : undefined,
          hasScreen: false,
          isGlobal: true,
          isInitial: false,
          isAvailable: true,
          isConditional: false,
          isLooped: false,
        };
      });
  }
}

type ResourceClass<R extends Resource> = new (o: ApiOptions, resources: Resources) => R;

/** One instance of each resource module per emulator, created on first use. */
export class Resources {
  private readonly instances = new Map<ResourceClass<Resource>, Resource>();
  constructor(private readonly o: ApiOptions) {}

  of<R extends Resource>(cls: ResourceClass<R>): R {
    let r = this.instances.get(cls);
    if (!r) {
      r = new cls(this.o, this);
      this.instances.set(cls, r);
    }
    return r as R;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A route: Jira's path template (spelled exactly as in Atlassian's OpenAPI spec), the method and the handler. */
export interface Route {
  method: HttpMethod;
  template: string;
  /** Stable name (stats, contract coverage). */
  name: string;
  handle(resources: Resources, c: RequestContext): Reply | Promise<Reply>;
}

/** Declares a resource module's routes, each handled by a method of its class. */
export function routesOf<R extends Resource>(
  cls: ResourceClass<R>,
  rows: readonly { method: HttpMethod; template: string; name: string; handle(r: R, c: RequestContext): Reply | Promise<Reply> }[],
): Route[] {
  return rows.map(({ handle, ...r }) => ({ ...r, handle: (resources: Resources, c: RequestContext) => handle(resources.of(cls), c) }));
}
