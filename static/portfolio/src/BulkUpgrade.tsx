/**
 * "Template upgrades" on the project page (issue 13): the deployment epics on an older version of
 * their template, each with the panel's preview (previewBulkUpgrade); the user picks some or all,
 * confirms, and the page upgrades them a batch at a time (bulkUpgrade), saying how far it is and
 * then what happened to each epic. Who may upgrade which epic is the server's decision.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ApiError } from '../../../src/shared/api';
import {
  BULK_UPGRADE_BATCH,
  type BulkUpgradeCandidate,
  type BulkUpgradeResult,
  type BulkUpgradeTarget,
} from '../../../src/shared/portfolio';
import { call } from '../../common/api';
import { Button, ConfirmInline, ErrorMessage, Loading, ProgressBar, SectionMessage, errorText } from '../../common/components';
import type { UiEnvironment } from '../../common/i18n';
import { openIssue } from '../../common/portfolio';
import { PlanDetails } from './PlanDetails';

const P = 'portfolio.upgrade';

export function BulkUpgrade(props: { env: UiEnvironment; onUpgraded: () => void }): JSX.Element {
  const { t } = props.env;
  const headingId = useId();
  const resultsHeadingRef = useRef<HTMLHeadingElement>(null);
  const [candidates, setCandidates] = useState<BulkUpgradeCandidate[] | null>(null);
  const [scanned, setScanned] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [previewErrors, setPreviewErrors] = useState<{ key: string; message: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<BulkUpgradeResult[] | null>(null);
  const focusResults = useRef(false);

  useEffect(() => {
    if (results && !progress && focusResults.current) {
      focusResults.current = false;
      resultsHeadingRef.current?.focus();
    }
  }, [results, progress]);

  const preview = async (token: string | null): Promise<void> => {
    setLoading(true);
    const r = await call('previewBulkUpgrade', token ? { nextPageToken: token } : {});
    setLoading(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setCandidates((prev) => (token && prev ? [...prev, ...r.data.candidates] : r.data.candidates));
    setScanned((s) => (token ? s + r.data.scanned : r.data.scanned));
    setPreviewErrors((prev) => [...(token ? prev : []), ...r.data.errors]);
    setNext(r.data.nextPageToken);
    if (!token) setSelected(new Set());
  };

  const allowed = (candidates ?? []).filter((c) => c.allowed);
  const chosen = allowed.filter((c) => selected.has(c.key));
  const allChosen = allowed.length > 0 && chosen.length === allowed.length;

  const toggle = (key: string, on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(key);
      else n.delete(key);
      return n;
    });

  const run = async (): Promise<void> => {
    setConfirming(false);
    const targets: BulkUpgradeTarget[] = chosen.map((c) => ({
      key: c.key,
      toTemplateId: c.plan.to.templateId,
      toVersion: c.plan.to.version,
    }));
    const total = targets.length;
    const done: BulkUpgradeResult[] = [];
    setResults([]);
    setProgress({ done: 0, total });
    let queue = targets;
    while (queue.length > 0) {
      const batch = queue.slice(0, BULK_UPGRADE_BATCH);
      queue = queue.slice(BULK_UPGRADE_BATCH);
      const r = await call('bulkUpgrade', { epics: batch });
      if (!r.ok) {
        for (const x of batch) done.push({ key: x.key, outcome: 'failed', code: r.error.code, reason: errorText(r.error, t) });
      } else {
        const skipped = r.data.results.filter((x) => x.outcome === 'skipped').map((x) => x.key);
        done.push(...r.data.results.filter((x) => x.outcome !== 'skipped'));
        // Not started in that call (its time was spent): sent again, unless the call did nothing at all.
        const again = batch.filter((x) => skipped.includes(x.key));
        if (again.length === batch.length) {
          for (const x of again) done.push({ key: x.key, outcome: 'failed', code: 'INTERNAL', reason: t('ui.errors.INTERNAL') });
        } else queue = [...again, ...queue];
      }
      setResults([...done]);
      setProgress({ done: done.length, total });
    }
    focusResults.current = true;
    setProgress(null);
    setSelected(new Set());
    props.onUpgraded();
    await preview(null);
  };

  const count = (o: BulkUpgradeResult['outcome']) => (results ?? []).filter((x) => x.outcome === o).length;

  return (
    <section aria-labelledby={headingId} className="stack" data-testid="bulk-upgrade" style={{ marginTop: 24 }}>
      <h2 id={headingId}>{t('portfolio.upgrade.title')}</h2>
      <p className="subtle">{t('portfolio.upgrade.intro')}</p>
      <div className="row">
        <Button onClick={() => void preview(null)} busy={loading} disabled={!!progress} testId="bulk-check">
          {t('portfolio.upgrade.check')}
        </Button>
      </div>
      {loading ? <Loading label={t('portfolio.upgrade.checking')} /> : null}
      {error ? <ErrorMessage error={error} title={t('portfolio.upgrade.loadFailed')} t={t} headingLevel={3} /> : null}
      {candidates ? (
        <p role="status" aria-live="polite" data-testid="bulk-found">
          {candidates.length === 0 ? t('portfolio.upgrade.none') : t('portfolio.upgrade.found', { count: candidates.length, scanned })}
        </p>
      ) : null}
      {previewErrors.length > 0 ? (
        <SectionMessage appearance="warning" title={t('portfolio.upgrade.loadFailed')} headingLevel={3} testId="bulk-preview-errors">
          <ul>
            {previewErrors.map((e) => (
              <li key={e.key}>
                {e.key}: {e.message}
              </li>
            ))}
          </ul>
        </SectionMessage>
      ) : null}
      {candidates && candidates.length > 0 ? (
        <>
          <label className="row">
            <input
              type="checkbox"
              data-testid="bulk-select-all"
              checked={allChosen}
              disabled={allowed.length === 0 || !!progress}
              ref={(el) => {
                if (el) el.indeterminate = chosen.length > 0 && !allChosen;
              }}
              onChange={(e) => setSelected(e.target.checked ? new Set(allowed.map((c) => c.key)) : new Set())}
            />
            {t('portfolio.upgrade.selectAll')}
          </label>
          <table className="data" data-testid="bulk-table">
            <caption>{t('portfolio.upgrade.caption')}</caption>
            <thead>
              <tr>
                {['select', 'epic', 'version', 'changes', 'details'].map((c) => (
                  <th key={c} scope="col">
                    {t(`${P}.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {candidates.map((c) => (
                <CandidateRow
                  key={c.key}
                  env={props.env}
                  candidate={c}
                  checked={selected.has(c.key)}
                  disabled={!!progress}
                  onToggle={(on) => toggle(c.key, on)}
                />
              ))}
            </tbody>
          </table>
          {next ? (
            <div className="row">
              <Button onClick={() => void preview(next)} busy={loading} disabled={!!progress} testId="bulk-load-more">
                {t('portfolio.upgrade.loadMore')}
              </Button>
            </div>
          ) : null}
          {confirming ? (
            <ConfirmInline
              title={t('portfolio.upgrade.confirm', { count: chosen.length })}
              confirmLabel={t('portfolio.upgrade.confirmRun')}
              cancelLabel={t('ui.common.cancel')}
              onConfirm={() => void run()}
              onCancel={() => setConfirming(false)}
              testId="bulk-confirm"
            >
              <p className="meta">{t('portfolio.upgrade.confirmHelp')}</p>
            </ConfirmInline>
          ) : (
            <div className="row">
              <Button
                appearance="primary"
                onClick={() => setConfirming(true)}
                disabled={chosen.length === 0 || !!progress}
                disabledReason={chosen.length === 0 && !progress ? t('portfolio.upgrade.noneSelected') : undefined}
                testId="bulk-run"
              >
                {t('portfolio.upgrade.run', { count: chosen.length })}
              </Button>
            </div>
          )}
        </>
      ) : null}
      {progress ? (
        <div data-testid="bulk-progress">
          <ProgressBar
            label={t('portfolio.upgrade.progressLabel')}
            done={progress.done}
            total={progress.total}
            percent={progress.total ? Math.round((100 * progress.done) / progress.total) : 0}
            t={t}
          />
          <p role="status" aria-live="polite" data-testid="bulk-progress-text">
            {t('portfolio.upgrade.progress', { done: progress.done, total: progress.total })}
          </p>
        </div>
      ) : null}
      {results && !progress ? (
        <div data-testid="bulk-results" className="stack">
          <h3 ref={resultsHeadingRef} tabIndex={-1}>
            {t('portfolio.upgrade.resultsTitle')}
          </h3>
          <p role="status" aria-live="polite">
            {t('portfolio.upgrade.resultsSummary', { upgraded: count('upgraded'), refused: count('refused'), failed: count('failed') })}
          </p>
          <ul>
            {results.map((r) => (
              <li key={r.key} data-testid="bulk-result" data-key={r.key} data-outcome={r.outcome}>
                <strong>{r.key}</strong>: {resultText(r, t)}
                {r.outcome === 'upgraded' && r.failed.length > 0 ? (
                  <>
                    {' '}
                    {t('portfolio.upgrade.childFailures')}
                    <ul>
                      {r.failed.map((f) => (
                        <li key={f}>{f}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function resultText(r: BulkUpgradeResult, t: UiEnvironment['t']): string {
  switch (r.outcome) {
    case 'upgraded':
      return t('portfolio.upgrade.upgraded', { version: r.to.version, created: r.created, obsolete: r.relabelled, updated: r.updated });
    case 'refused':
      return t('portfolio.upgrade.refused', { reason: r.reason || t(`ui.errors.${r.code}`) });
    case 'failed':
      return t('portfolio.upgrade.failed', { reason: r.reason || t(`ui.errors.${r.code}`) });
    default:
      return '';
  }
}

function CandidateRow(props: {
  env: UiEnvironment;
  candidate: BulkUpgradeCandidate;
  checked: boolean;
  disabled: boolean;
  onToggle: (on: boolean) => void;
}): JSX.Element {
  const { t } = props.env;
  const c = props.candidate;
  const plan = c.plan;
  const reasonId = useId();
  return (
    <tr data-testid="bulk-row" data-key={c.key} data-allowed={c.allowed}>
      <td>
        <input
          type="checkbox"
          data-testid="bulk-select"
          aria-label={t('portfolio.upgrade.selectOne', { key: c.key })}
          aria-describedby={c.allowed ? undefined : reasonId}
          checked={props.checked}
          disabled={!c.allowed || props.disabled}
          onChange={(e) => props.onToggle(e.target.checked)}
        />
      </td>
      <td>
        <a
          href={`/browse/${c.key}`}
          target="_top"
          onClick={(e) => {
            e.preventDefault();
            openIssue(c.key);
          }}
        >
          {c.key}
        </a>{' '}
        {c.summary}
        <div className="meta">{c.statusName}</div>
        {!c.allowed ? (
          <div className="meta" id={reasonId} data-testid="bulk-not-allowed">
            {t('portfolio.upgrade.notAllowed', { reason: c.reason ?? t('ui.errors.FORBIDDEN') })}
          </div>
        ) : null}
      </td>
      <td className="nowrap" data-testid="bulk-version">
        {t('portfolio.upgrade.versionChange', { from: plan.from.version, to: plan.to.version })}
      </td>
      <td data-testid="bulk-counts">
        {t('portfolio.upgrade.counts', { added: plan.added.length, removed: plan.removed.length, changed: plan.changed.length })}
        {plan.voidedAttestations.length + plan.voidedWaivers.length > 0 ? (
          <div className="meta">
            {t('portfolio.upgrade.voidedCounts', { attestations: plan.voidedAttestations.length, waivers: plan.voidedWaivers.length })}
          </div>
        ) : null}
      </td>
      <td>
        <details data-testid="bulk-details">
          <summary>
            {t('portfolio.upgrade.showDetails')}
            <span className="visually-hidden"> {c.key}</span>
          </summary>
          <PlanDetails env={props.env} plan={plan} />
        </details>
      </td>
    </tr>
  );
}
