import { CurrencyChoice } from './CurrencyChoice.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { csvDataUrl, csvText } from '../../../common/csv/csv-text.js';
import type { CreatorEarnings } from '../../../common/server-api/payouts.js';
import { useOperationResult, useSubscription } from '../api/hooks.js';
import { formatPrice, localized } from '../screens/format.js';
import { MonthlyChart } from './MonthlyChart.js';

/**
 * What the creator earned and was paid: per currency — earned after the platform's fee, refunds
 * and disputes; pending (kept until their payout account can receive it); paid out; fees;
 * refunded; and what their payout account holds at the provider — a chart per month, a table per
 * course, the latest transfers and reversals, and all of it as CSV. Kept for offline use.
 */
export function EarningsPanel({ titleOf }: { titleOf: (courseId: string) => string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const synced = useSubscription('sync.watchStatus', {}).value?.lastSyncedAt ?? 0;
  const reply = useOperationResult('creator.earnings', {}, synced);
  // A membership's invoices are sales of its plan (`plan-<id>`): named by the plan.
  const plans = useOperationResult('creator.plans', {}, synced);
  const nameOf = (courseId: string) => {
    const plan =
      plans?.ok && courseId.startsWith('plan-') ? plans.value.find((p) => `plan-${p.id}` === courseId) : undefined;
    return plan ? t('memberships.planSales', { plan: localized(plan.title, language) }) : titleOf(courseId);
  };
  const [chosen, setChosen] = useState<string | undefined>();
  if (!reply) return <div className="skeleton" aria-hidden="true" />;
  if (!reply.ok)
    return (
      <p className="banner banner--warn" role="status">
        {t(`errors.${reply.error.code}`)}
      </p>
    );
  const earnings = reply.value;
  const currencies = earnings.totals.map((total) => total.currency);
  const currency = chosen && currencies.includes(chosen) ? chosen : currencies[0];
  const money = (amount: number) => formatPrice(amount, currency ?? 'CNY', language);
  const total = earnings.totals.find((row) => row.currency === currency);
  const inCurrency = <T extends { currency: string }>(rows: T[]) => rows.filter((row) => row.currency === currency);
  const held = (list: { amount: number; currency: string }[] | undefined) =>
    list?.find((entry) => entry.currency === currency)?.amount ?? 0;

  return (
    <section className="card earnings" aria-labelledby="earnings-title" data-testid="earnings">
      <h2 id="earnings-title" className="field-group__title">
        {t('earnings.title')}{' '}
        {earnings.account.testMode && <span className="badge">{t('studio.payoutsTestMode')}</span>}
      </h2>
      {earnings.savedAt !== null && (
        <p className="card__meta" role="status">
          {t('earnings.savedAt', { time: new Date(earnings.savedAt).toLocaleString(language) })}
        </p>
      )}
      {!total || !currency ? (
        <p className="empty-state">{t('earnings.none')}</p>
      ) : (
        <>
          <CurrencyChoice currencies={currencies} value={currency} onChange={setChosen} />
          <dl className="stat-tiles" data-testid="earnings-totals">
            <Tile
              label={t('earnings.earned')}
              hint={t('earnings.earnedHint')}
              value={money(total.earned)}
              id="earned"
            />
            <Tile
              label={t('earnings.pending')}
              hint={t('earnings.pendingHint')}
              value={money(total.pending)}
              id="pending"
            />
            <Tile
              label={t('earnings.paidOut')}
              hint={t('earnings.paidOutHint')}
              value={money(total.paidOut)}
              id="paid"
            />
            <Tile label={t('earnings.fees')} value={money(total.fees)} id="fees" />
            <Tile label={t('earnings.refunded')} value={money(total.refunded)} id="refunded" />
            {earnings.balance && (
              <>
                <Tile label={t('earnings.available')} value={money(held(earnings.balance.available))} id="available" />
                <Tile label={t('earnings.onItsWay')} value={money(held(earnings.balance.pending))} id="incoming" />
              </>
            )}
          </dl>
          {total.pending > 0 && !earnings.account.payoutsEnabled && (
            <p className="banner banner--info" data-testid="earnings-waiting">
              {t('earnings.waitingForAccount')}
            </p>
          )}
          <MonthlyChart
            title={t('earnings.chartTitle')}
            figures={inCurrency(earnings.months).map((row) => ({ month: row.month, value: row.earned }))}
            currency={currency}
            testId="earnings-chart"
          />
          <CourseTable rows={inCurrency(earnings.courses)} money={money} titleOf={nameOf} />
          <TransferTable earnings={earnings} titleOf={nameOf} />
          <a
            className="button button--small"
            download={t('earnings.csvName')}
            href={csvDataUrl(
              earningsCsv(earnings, nameOf, [
                t('earnings.month'),
                t('earnings.course'),
                t('earnings.currency'),
                t('earnings.sold'),
                t('earnings.gross'),
                t('earnings.fees'),
                t('earnings.refunded'),
                t('earnings.earned'),
                t('earnings.paidOut'),
                t('earnings.pending'),
              ]),
            )}
            data-testid="earnings-csv"
          >
            {t('earnings.download')}
          </a>
        </>
      )}
    </section>
  );
}

function Tile({ label, value, hint, id }: { label: string; value: string; hint?: string; id: string }) {
  return (
    <div className="stat-tile" title={hint}>
      <dt>{label}</dt>
      <dd data-testid={`earnings-${id}`}>{value}</dd>
    </div>
  );
}

function CourseTable({
  rows,
  money,
  titleOf,
}: {
  rows: CreatorEarnings['courses'];
  money: (amount: number) => string;
  titleOf: (courseId: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <table className="table" data-testid="earnings-courses">
      <caption className="field-group__title">{t('earnings.perCourse')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('earnings.course')}</th>
          <th scope="col">{t('earnings.sold')}</th>
          <th scope="col">{t('earnings.gross')}</th>
          <th scope="col">{t('earnings.fees')}</th>
          <th scope="col">{t('earnings.refunded')}</th>
          <th scope="col">{t('earnings.earned')}</th>
          <th scope="col">{t('earnings.paidOut')}</th>
          <th scope="col">{t('earnings.pending')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.courseId}>
            <td>{titleOf(row.courseId)}</td>
            <td>{row.sold}</td>
            <td>{money(row.gross)}</td>
            <td>{money(row.fees)}</td>
            <td>{money(row.refunded)}</td>
            <td>{money(row.earned)}</td>
            <td>{money(row.paidOut)}</td>
            <td>{money(row.pending)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TransferTable({ earnings, titleOf }: { earnings: CreatorEarnings; titleOf: (courseId: string) => string }) {
  const { t, i18n } = useTranslation();
  if (earnings.transfers.length === 0) return null;
  return (
    <table className="table" data-testid="earnings-transfers">
      <caption className="field-group__title">{t('earnings.transfers')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('earnings.date')}</th>
          <th scope="col">{t('earnings.course')}</th>
          <th scope="col">{t('earnings.kind')}</th>
          <th scope="col">{t('earnings.amount')}</th>
          <th scope="col">{t('earnings.status')}</th>
        </tr>
      </thead>
      <tbody>
        {earnings.transfers.slice(0, 20).map((row) => (
          <tr key={row.id}>
            <td>{new Date(row.at).toLocaleDateString(i18n.language)}</td>
            <td>{titleOf(row.courseId)}</td>
            <td>{t(`earnings.kind_${row.kind}`)}</td>
            <td>{formatPrice(row.kind === 'reversal' ? -row.amount : row.amount, row.currency, i18n.language)}</td>
            <td>{t(`earnings.status_${row.status}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Per month and per course, every currency, in major units: what a creator's bookkeeping takes in. */
function earningsCsv(earnings: CreatorEarnings, titleOf: (courseId: string) => string, headers: string[]): string {
  const major = (amount: number) => amount / 100;
  return csvText([
    headers,
    ...earnings.months.map((row) => [
      row.month,
      '',
      row.currency,
      row.sold,
      major(row.gross),
      major(row.fees),
      major(row.refunded),
      major(row.earned),
      '',
      '',
    ]),
    ...earnings.courses.map((row) => [
      '',
      titleOf(row.courseId),
      row.currency,
      row.sold,
      major(row.gross),
      major(row.fees),
      major(row.refunded),
      major(row.earned),
      major(row.paidOut),
      major(row.pending),
    ]),
  ]);
}
