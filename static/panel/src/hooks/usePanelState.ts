/**
 * The panel's state and its action flow: the first read (getPanel), re-reads on Jira's issue events
 * and while children are being created, and the actions. An action that answers with a delta
 * (state/apply-delta.ts) is applied to the view the panel holds: one resolver call, no re-read;
 * any other action, a failed one, or a delta for another template version is followed by a re-read.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { events } from '@forge/bridge';
import type { ApiError, PanelView } from '../../../../src/shared/api';
import { LANG_OF } from '../../../../src/shared/domain';
import { call, setPayloadAugmenter } from '../../../common/api';
import { errorText, flag } from '../../../common/components';
import { formatDateTime, loadEnvironment, type UiEnvironment } from '../../../common/i18n';
import { useUserNames } from '../../../common/users';
import type { PanelCtx } from '../context';
import { accountIdsOf } from '../model';
import { withItemDone } from '../work';
import { viewAfter, withSince } from '../state/apply-delta';

/** While children are being created the panel re-reads itself this often, at most SPAWN_MAX_POLLS times (≈ 1 min). */
const SPAWN_POLL_MS = 1500;
const SPAWN_MAX_POLLS = 40;

export function usePanelState() {
  const [env, setEnv] = useState<UiEnvironment | null>(null);
  const [view, setViewState] = useState<PanelView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const users = useUserNames();
  const { ensure } = users;
  const loadSeq = useRef(0);
  const polls = useRef(0);
  const viewRef = useRef<PanelView | null>(null);
  const [pollingStopped, setPollingStopped] = useState(false);
  const setView = useCallback((next: PanelView | null) => {
    viewRef.current = next;
    setViewState(next);
  }, []);

  // Every delta action carries the fingerprints of the view the panel holds, in its language.
  useEffect(() => {
    setPayloadAugmenter((name, payload, locale) => withSince(name, payload, viewRef.current, LANG_OF[locale]));
    return () => setPayloadAugmenter(null);
  }, []);

  const load = useCallback(async () => {
    const mine = ++loadSeq.current;
    setRefreshing(true);
    const result = await call('getPanel', {});
    if (mine !== loadSeq.current) return;
    if (result.ok) {
      await ensure(accountIdsOf(result.data));
      if (mine !== loadSeq.current) return;
      setView(result.data);
      setError(null);
    } else {
      setError(result.error);
    }
    setRefreshing(false);
  }, [ensure, setView]);

  /** Applies an action's delta to the view held; false when the panel must read the view again. */
  const applied = useCallback(
    async (data: unknown): Promise<boolean> => {
      if (!env) return false;
      const next = viewAfter(viewRef.current, data, env.lang);
      if (!next) return false;
      ++loadSeq.current; // a read still under way would bring an older view
      await ensure(accountIdsOf(next));
      setView(next);
      setError(null);
      setRefreshing(false);
      return true;
    },
    [env, ensure, setView],
  );

  useEffect(() => {
    let unsubscribe: (() => void) | null = null;
    void (async () => {
      const environment = await loadEnvironment();
      setEnv(environment);
      await load();
      try {
        const subscription = await events.on('JIRA_ISSUE_CHANGED', () => void load());
        unsubscribe = () => subscription.unsubscribe();
      } catch {
        // hosts without events: the panel still refreshes after every action
      }
    })();
    return () => unsubscribe?.();
  }, [load]);

  // While children are being created, show the spawn progress as it grows: only in the 'running'
  // state (never after 'complete', 'partial' or 'failed'), and at most SPAWN_MAX_POLLS times; then a
  // note tells how to continue (Refresh starts a new round).
  const spawning = view?.phase?.spawn.state === 'running';
  useEffect(() => {
    if (!spawning) {
      polls.current = 0;
      setPollingStopped(false);
      return undefined;
    }
    if (polls.current >= SPAWN_MAX_POLLS) {
      setPollingStopped(true);
      return undefined;
    }
    const timer = setTimeout(() => {
      polls.current += 1;
      void load();
    }, SPAWN_POLL_MS);
    return () => clearTimeout(timer);
    // `error` too: a failed re-read counts as a poll and the next one still comes
  }, [spawning, view, error, load]);

  const refresh = useCallback(async () => {
    polls.current = 0;
    setPollingStopped(false);
    await load();
  }, [load]);

  const when = useCallback((iso: string | undefined | null) => (env ? formatDateTime(iso, env.locale, env.timezone) : (iso ?? '')), [env]);

  const act = useCallback<PanelCtx['act']>(
    async (label, run) => {
      const outcome = await run();
      if (outcome.ok) {
        flag('success', label);
        setAnnouncement(label);
      } else {
        const text = env ? errorText(outcome.error, env.t) : outcome.error.message;
        flag('error', env?.t('ui.errors.actionFailed') ?? '', text);
        setAnnouncement(text);
      }
      if (!(outcome.ok && (await applied(outcome.data)))) await load();
      return outcome;
    },
    [env, load, applied],
  );

  const completeItem = useCallback<PanelCtx['completeItem']>(
    async (itemId) => {
      if (!env) return 'failed';
      const outcome = await call('completeItem', { itemId });
      if (outcome.ok) {
        const { key, outcome: what } = outcome.data;
        if (what === 'needs-jira') {
          setAnnouncement(env.t('ui.work.needsJira', { key }));
          if (!(await applied(outcome.data))) await load();
          return 'needs-jira';
        }
        if (viewRef.current) setView(withItemDone(viewRef.current, itemId, outcome.data.statusName));
        const label = env.t('ui.work.completed', { key });
        flag('success', label);
        setAnnouncement(label);
      } else {
        const text = errorText(outcome.error, env.t);
        flag('error', env.t('ui.errors.actionFailed'), text);
        setAnnouncement(text);
      }
      if (!(outcome.ok && (await applied(outcome.data)))) await load();
      return outcome.ok ? 'done' : 'failed';
    },
    [env, load, applied, setView],
  );

  return { env, view, error, refreshing, announcement, users, pollingStopped, load, refresh, when, act, completeItem };
}
