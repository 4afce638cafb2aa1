/**
 * The settings page's and the panel's commands of the model-based test (issue 21): each is a real
 * resolver call as the given user, with the model's prediction (accepted or refused) made before it
 * and the model's state compared with the app's after it (world.ts checkAll: template version,
 * roster, item states, waivers, entry gate, upgrade entries in the audit trail).
 */
import type { RoleId } from '../../../src/core/template/schema';
import { ACCOUNT_IDS, jira, type UserKey } from '../helpers';
import { always, mayUpgrade, panelRaw, settings, TEMPLATE_ID, type Cmd } from './calls';
import { checkAll, checkChildren, count, DELETABLE, getPanel, rolesOf, templateText, today } from './world';

// ---------------------------------------------------------------------------------------------
// Settings page
// ---------------------------------------------------------------------------------------------

/** Import and save a template file: the next version (only a project admin may), or the newest again / a broken file (refused). */
export const saveTemplateCmd = (who: UserKey, next: boolean): Cmd => ({
  ...always,
  toString: () => `saveTemplate(${who}, ${next ? 'next' : 'same'})`,
  run: async (m, r) => {
    const minor = next ? m.newestMinor + 1 : m.newestMinor;
    const text = minor === 0 ? 'version: [' : templateText(minor);
    const predicted = who === 'admin' && next;
    const res = await settings(r.sb, who, 'saveProjectTemplate', { text });
    count(r, 'saveTemplate', predicted, res, `saveTemplate ${who} 1.${minor}.0`);
    if (predicted) m.newestMinor = minor;
    const view = await settings(r.sb, 'admin', 'getProjectTemplates', {});
    expect(view.ok && (view.data as { current: { version: string } }).current.version).toBe(`1.${m.newestMinor}.0`);
    await checkAll(m, r, `saveTemplate ${who}`);
  },
});

/** Change the project's default holder of a role (settings page): a project admin may, no one else. */
export const saveDefaultsCmd = (who: UserKey, role: RoleId, member: UserKey): Cmd => ({
  ...always,
  toString: () => `saveDefaults(${who}, ${role}, ${member})`,
  run: async (m, r) => {
    const current = await settings(r.sb, 'admin', 'getSettings', {});
    if (!current.ok) throw new Error('getSettings failed');
    const s = (current.data as { settings: { defaultRoster: Record<string, unknown> } }).settings;
    const res = await settings(r.sb, who, 'saveSettings', {
      settings: {
        ...s,
        updatedAt: undefined,
        updatedBy: undefined,
        defaultRoster: { ...s.defaultRoster, [role]: { type: 'user', accountId: ACCOUNT_IDS[member] } },
      },
    });
    const predicted = who === 'admin';
    count(r, 'saveDefaults', predicted, res, `saveDefaults ${who} ${role}`);
    if (predicted) m.defaults[role] = ACCOUNT_IDS[member];
    const after = await settings(r.sb, 'admin', 'getSettings', {});
    const roster =
      (after.ok
        ? (after.data as { settings: { defaultRoster: Record<string, { type: string; accountId?: string }> } }).settings.defaultRoster
        : {}) ?? {};
    expect(Object.fromEntries(Object.entries(roster).flatMap(([k, v]) => (v.type === 'user' ? [[k, v.accountId]] : [])))).toEqual(
      Object.fromEntries(Object.entries(m.defaults).filter(([, v]) => v)),
    );
  },
});

// ---------------------------------------------------------------------------------------------
// Panel
// ---------------------------------------------------------------------------------------------

/** The panel's upgrade: the preview (whether allowed, and to which version), then the upgrade to that version. */
export const upgradeCmd = (n: number, who: UserKey): Cmd => ({
  ...always,
  toString: () => `upgrade(#${n}, ${who})`,
  run: async (m, r) => {
    const e = m.epics[n % m.epics.length]!;
    const preview = await panelRaw(r.sb, who, e, 'previewUpgrade', {});
    if (who === 'outsider') expect(preview.ok).toBe(false);
    else {
      const offer = preview.ok ? (preview.data as { plan: { to: { version: string } } | null; allowed: boolean }) : null;
      expect({ plan: offer?.plan?.to.version ?? null, allowed: offer?.allowed }).toEqual({
        plan: e.minor < m.newestMinor ? `1.${m.newestMinor}.0` : null,
        allowed: mayUpgrade(e, who),
      });
    }
    const predicted = who !== 'outsider' && mayUpgrade(e, who) && e.minor < m.newestMinor;
    const res = await panelRaw(r.sb, who, e, 'upgradeEpic', { toTemplateId: TEMPLATE_ID, toVersion: `1.${m.newestMinor}.0` });
    count(r, 'upgrade', predicted, res, `upgrade ${e.key} ${who}`);
    if (predicted) {
      e.minor = m.newestMinor;
      e.upgrades++;
    }
    await checkAll(m, r, `upgrade ${e.key} ${who}`, e);
    await checkChildren(r, e, `upgrade ${e.key} ${who}`);
  },
});

/** Re-sync from the panel, after an admin deleted one of the children in Jira (or not): recreates what Jira no longer shows. */
export const resyncCmd = (n: number, who: UserKey, deleteFirst: number | null): Cmd => ({
  ...always,
  toString: () => `resync(#${n}, ${who}${deleteFirst !== null ? `, delete ${deleteFirst}` : ''})`,
  run: async (m, r) => {
    const e = m.epics[n % m.epics.length]!;
    if (deleteFirst !== null) {
      const v = await getPanel(r.sb, e);
      const itemId = DELETABLE[deleteFirst % DELETABLE.length]!;
      const child = v.readiness.items.find((i) => i.itemId === itemId)?.child;
      if (child) {
        expect((await jira(r.sb, 'admin', 'DELETE', `/rest/api/3/issue/${child.key}`)).status).toBe(204);
        e.deleted.add(itemId);
      }
    }
    const predicted = who !== 'outsider';
    const res = await panelRaw(r.sb, who, e, 'resync', {});
    count(r, 'resync', predicted, res, `resync ${e.key} ${who}`);
    if (predicted) e.deleted.clear();
    await checkAll(m, r, `resync ${e.key} ${who}`, e);
    await checkChildren(r, e, `resync ${e.key} ${who}`);
  },
});

/** Completing an item from the panel: the child moved to Done through Jira's own transition, as the caller. */
export const completeCmd = (n: number, who: UserKey, itemId: string): Cmd => ({
  ...always,
  toString: () => `complete(#${n}, ${who}, ${itemId})`,
  run: async (m, r) => {
    const e = m.epics[n % m.epics.length]!;
    const predicted = who !== 'outsider';
    const res = await panelRaw(r.sb, who, e, 'completeItem', { itemId });
    count(r, 'complete', predicted, res, `complete ${e.key} ${who} ${itemId}`);
    if (res.ok) expect((res.data as { outcome: string }).outcome).toBe(e.done.has(itemId) ? 'already-done' : 'done');
    if (predicted) e.done.add(itemId);
    await checkAll(m, r, `complete ${e.key} ${who}`, e);
  },
});

/** A waiver asked for by a roster member (or the outsider). */
export const requestWaiverCmd = (n: number, who: UserKey, itemId: string): Cmd => ({
  ...always,
  toString: () => `requestWaiver(#${n}, ${who}, ${itemId})`,
  run: async (m, r) => {
    const e = m.epics[n % m.epics.length]!;
    const existing = e.waivers.get(itemId);
    const predicted =
      who !== 'outsider' &&
      rolesOf(e, who).length > 0 &&
      (!existing ||
        existing.status === 'rejected' ||
        (existing.status === 'approved' && existing.expiresOn !== null && existing.expiresOn < today()));
    const res = await panelRaw(r.sb, who, e, 'requestWaiver', { itemId, reason: 'Mallitestin pyyntö' });
    count(r, 'requestWaiver', predicted, res, `requestWaiver ${e.key} ${who} ${itemId}`);
    if (predicted) e.waivers.set(itemId, { status: 'requested', expiresOn: null });
    await checkAll(m, r, `requestWaiver ${e.key} ${who}`, e);
  },
});

/** A decision on a waiver, an approval until today (it lapses tomorrow) or without an expiry, or a rejection. */
export const decideWaiverCmd = (n: number, who: UserKey, itemId: string, decision: 'today' | 'open' | 'reject'): Cmd => ({
  ...always,
  toString: () => `decideWaiver(#${n}, ${who}, ${itemId}, ${decision})`,
  run: async (m, r) => {
    const e = m.epics[n % m.epics.length]!;
    const existing = e.waivers.get(itemId);
    const decider = rolesOf(e, who).some((role) => role === 'project-manager' || role === 'steering-group');
    const predicted = who !== 'outsider' && decider && existing?.status === 'requested';
    const day = today();
    const res = await panelRaw(r.sb, who, e, 'decideWaiver', {
      itemId,
      approve: decision !== 'reject',
      ...(decision === 'today' ? { expiresOn: day } : {}),
    });
    count(r, 'decideWaiver', predicted, res, `decideWaiver ${e.key} ${who} ${itemId} ${decision}`);
    if (predicted)
      e.waivers.set(itemId, { status: decision === 'reject' ? 'rejected' : 'approved', expiresOn: decision === 'today' ? day : null });
    await checkAll(m, r, `decideWaiver ${e.key} ${who}`, e);
  },
});

/** The steering group's waiver of the entry gate, and its revocation (the steering group's person only). */
export const entryWaiverCmd = (n: number, who: UserKey, waive: boolean): Cmd => ({
  ...always,
  toString: () => `${waive ? 'waiveEntryGate' : 'revokeEntryGateWaiver'}(#${n}, ${who})`,
  run: async (m, r) => {
    const e = m.epics[n % m.epics.length]!;
    const name = waive ? 'waiveEntryGate' : 'revokeEntryGateWaiver';
    const predicted = e.roster['steering-group'] === ACCOUNT_IDS[who] && waive !== e.entryWaiver;
    const res = await panelRaw(r.sb, who, e, name, { reason: 'Ohjausryhmän päätös mallitestissä' });
    count(r, name, predicted, res, `${name} ${e.key} ${who}`);
    if (predicted) e.entryWaiver = waive;
    await checkAll(m, r, `${name} ${e.key} ${who}`, e);
  },
});
