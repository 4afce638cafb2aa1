/**
 * Links from a Custom UI app: out of Jira (`ExternalLink`) and to a work item in Jira (`IssueLink`, used by the
 * panel and the settings page). Out of Jira: Jira embeds the app in a sandboxed iframe without
 * `allow-popups` (docs: manifest-reference/permissions, "Popups"), so `<a target="_blank">` does nothing;
 * links open through the bridge's router, which asks the user before leaving for an external site
 * (docs: apis-reference/ui-api-bridge/router, `open`).
 */
import type { ReactNode } from 'react';
import { router } from '@forge/bridge';

/** A link out of Jira, opened through the bridge's router. */
export function ExternalLink(props: { href: string; children: ReactNode; testId?: string }): JSX.Element {
  return (
    <a
      href={props.href}
      rel="noreferrer noopener"
      data-testid={props.testId}
      onClick={(event) => {
        event.preventDefault();
        // rejected when the user declines to leave: nothing to do
        void router.open(props.href).catch(() => undefined);
      }}
    >
      {props.children}
    </a>
  );
}

/**
 * Opens a work item in Jira (the host's router; a plain top-level link when there is none). `text` (e.g. the
 * summary) is read by screen readers only; `children` replace the key as the visible text.
 */
export function IssueLink(props: { issueKey: string; text?: string; children?: ReactNode }): JSX.Element {
  const href = `/browse/${props.issueKey}`;
  return (
    <a
      href={href}
      target="_top"
      onClick={(event) => {
        event.preventDefault();
        void router.navigate(href).catch(() => window.open(href, '_top'));
      }}
    >
      {props.children ?? props.issueKey}
      {props.text ? <span className="visually-hidden">: {props.text}</span> : null}
    </a>
  );
}
