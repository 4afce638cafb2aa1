/**
 * Governance on the roster's fold (issue #24): the further people of each role, whom the caller stands
 * in for, and the caller's own stand-in (named for a period of days, ended by itself after the last day
 * or at once here). A stand-in is chosen among the people on this epic's roster.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { StandInRecord } from '../../../src/shared/api';
import { ROLE_IDS } from '../../../src/shared/domain';
import { Button } from '../../common/components';
import { call } from '../../common/api';
import { parseDay } from '../../common/day';
import { usePanel } from './context';
import { roleName } from './model';

export function StandIns(): JSX.Element {
  const { env, view, nameOf, act } = usePanel();
  const { t, lang } = env;
  const ids = { person: useId(), from: useId(), to: useId(), error: useId() };
  const [mine, setMine] = useState<StandInRecord | null>(null);
  const [person, setPerson] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    void call('getStandIn', {}).then((r) => (r.ok ? setMine(r.data.mine) : undefined));
  }, [view]);
  const people = [
    ...new Set(ROLE_IDS.flatMap((r) => [view.roster[r], ...(view.members?.[r] ?? [])]).filter((id): id is string => !!id)),
  ].filter((id) => id !== view.callerAccountId);
  const further = ROLE_IDS.filter((r) => (view.members?.[r] ?? []).length > 0);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const f = parseDay(from);
    const l = parseDay(to);
    if (!person || !f || !l) return setError(t('ui.standIn.missing'));
    setError('');
    const r = await act(t('ui.standIn.saved'), () => call('nameStandIn', { standIn: person, from: f, to: l }));
    if (r.ok) setMine(r.data);
  };
  return (
    <div data-testid="governance">
      {further.length > 0 ? (
        <>
          <h3>{t('ui.standIn.membersTitle')}</h3>
          <ul className="plain" data-testid="role-members">
            {further.map((r) => (
              <li key={r}>
                {roleName(view.template, r, lang)}: {[view.roster[r], ...(view.members?.[r] ?? [])].map((id) => nameOf(id)).join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {(view.standingFor ?? []).length > 0 ? (
        <p data-testid="standing-for">
          {t('ui.standIn.standingFor', { names: (view.standingFor ?? []).map((id) => nameOf(id)).join(', ') })}
        </p>
      ) : null}
      <h3>{t('ui.standIn.title')}</h3>
      {mine ? (
        <p data-testid="my-stand-in">
          {t('ui.standIn.current', { name: nameOf(mine.standIn), from: mine.from, to: mine.to })}{' '}
          <Button
            testId="end-stand-in"
            onClick={() => void act(t('ui.standIn.ended'), () => call('endStandIn', {})).then((r) => (r.ok ? setMine(null) : undefined))}
          >
            {t('ui.standIn.end')}
          </Button>
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="stand-in-form">
        <div className="field">
          <label htmlFor={ids.person}>{t('ui.standIn.person')}</label>
          <select id={ids.person} value={person} onChange={(e) => setPerson(e.target.value)}>
            <option value="">{t('ui.common.choose')}</option>
            {people.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.from}>{t('ui.standIn.from')}</label>
          <input
            id={ids.from}
            type="text"
            inputMode="numeric"
            size={10}
            placeholder={t('ui.validation.dayFormat')}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{t('ui.standIn.to')}</label>
          <input
            id={ids.to}
            type="text"
            inputMode="numeric"
            size={10}
            placeholder={t('ui.validation.dayFormat')}
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        {error ? (
          <p id={ids.error} className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <Button type="submit" testId="name-stand-in">
          {t('ui.standIn.save')}
        </Button>
      </form>
    </div>
  );
}
