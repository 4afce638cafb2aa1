/** An item's due date on the panel (issue 24): an overdue item (past its date and not done) is marked with a word, not a colour only. */
import type { ItemState } from '../../../src/shared/api';
import { daysOverdue, isOverdue } from '../../../src/shared/due-dates';
import { Lozenge } from '../../common/components';
import { formatDayText } from '../../common/day';
import { usePanel } from './context';
import { isOpen } from './work';

export function DueDate(props: { item: ItemState; today: string }): JSX.Element | null {
  const { env } = usePanel();
  const { t } = env;
  const due = props.item.child?.dueDate;
  if (!due) return null;
  const date = formatDayText(due, env.lang);
  if (!isOverdue(due, !isOpen(props.item), props.today)) {
    return (
      <p className="meta line-detail" data-testid="item-due">
        {t('ui.item.due', { date })}
      </p>
    );
  }
  return (
    <p className="meta line-detail" data-testid="item-overdue">
      <Lozenge appearance="danger">{t('ui.item.overdue')}</Lozenge> {t('ui.item.overdueBy', { date, days: daysOverdue(due, props.today) })}
    </p>
  );
}
