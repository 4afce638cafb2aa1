/**
 * A link out of Jira from a Custom UI app. Jira embeds the app in a sandboxed iframe without
 * `allow-popups` (docs: manifest-reference/permissions, "Popups"), so `<a target="_blank">` does nothing;
 * links open through the bridge's router, which asks the user before leaving for an external site
 * (docs: apis-reference/ui-api-bridge/router, `open`).
 */
// @ts-nocheck

import type { ReactNode } from 'react';
import { router } from '@forge/bridge';

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
