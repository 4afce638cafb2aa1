/** The roster's one Jira step: a role's child assigned to a person (idempotent: the same assignee again changes nothing). */
import { assignIssue } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import type { Actor } from '../../jira/transport';

/**
 * Assigns one child. Jira's refusal of that child (deleted, no longer assignable) is returned as
 * "KEY: reason", and the rest of the change stands. In an operation that must finish (`strict`),
 * anything else (Jira unavailable, the invocation's time up) is thrown, so its intent stays for the
 * next run; otherwise it is reported like a refusal.
 */
export async function assignChild(
  actor: Actor,
  child: { key: string },
  accountId: string | null,
  opts: { strict: boolean; deadline?: number },
): Promise<string | null> {
  try {
    await assignIssue(actor, child.key, accountId, opts.deadline ? { deadline: opts.deadline } : {});
    return null;
  } catch (e) {
    if (opts.strict && (!(e instanceof JiraError) || e.retryable)) throw e;
    return `${child.key}: ${e instanceof JiraError ? e.messages.join('; ') || e.kind : 'failed'}`;
  }
}
