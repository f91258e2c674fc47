import { CurrencyChoice } from '../studio/CurrencyChoice.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOperationResult } from '../api/hooks.js';
import { formatPrice } from '../screens/format.js';
import { MonthlyChart } from '../studio/MonthlyChart.js';

/**
 * The platform's revenue: per currency its fees (what the platform keeps), refunds, what creators
 * earned, were paid and are still owed; fees per month as a chart; each creator's figures and
 * whether their payout account is set up; transfers the provider refused or has not answered.
 */
export function AdminRevenue() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const reply = useOperationResult('admin.revenue', {});
  const [chosen, setChosen] = useState<string | undefined>();
  if (!reply) return <div className="skeleton" aria-hidden="true" />;
  if (!reply.ok)
    return (
      <p className="banner banner--error" role="alert">
        {t(`errors.${reply.error.code}`)}
      </p>
    );
  const revenue = reply.value;
  const currencies = revenue.totals.map((row) => row.currency);
  const currency = chosen && currencies.includes(chosen) ? chosen : currencies[0];
  const total = revenue.totals.find((row) => row.currency === currency);
  const money = (amount: number) => formatPrice(amount, currency ?? 'CNY', language);
  const tiles = total
    ? ([
        ['earnings.gross', total.gross],
        ['earnings.platformFees', total.fees],
        ['earnings.refunded', total.refunded],
        ['earnings.creatorsEarned', total.earned],
        ['earnings.creatorsPaid', total.paidOut],
        ['earnings.creatorsPending', total.pending],
      ] as const)
    : [];
  return (
    <div className="admin-revenue" data-testid="admin-revenue">
      {revenue.testMode && <p className="banner banner--warn">{t('earnings.revenueTest')}</p>}
      {revenue.failedTransfers > 0 && (
        <p className="banner banner--error" role="status" data-testid="revenue-failed">
          {t('earnings.failedTransfers', { count: revenue.failedTransfers })}
        </p>
      )}
      {revenue.sendingTransfers > 0 && (
        <p className="banner banner--info" role="status">
          {t('earnings.sendingTransfers', { count: revenue.sendingTransfers })}
        </p>
      )}
      {!total || !currency ? (
        <p className="empty-state">{t('earnings.revenueNone')}</p>
      ) : (
        <>
          <CurrencyChoice currencies={currencies} value={currency} onChange={setChosen} />
          <dl className="stat-tiles" data-testid="revenue-totals">
            {tiles.map(([key, value]) => (
              <div key={key} className="stat-tile">
                <dt>{t(key)}</dt>
                <dd>{money(value)}</dd>
              </div>
            ))}
          </dl>
          <MonthlyChart
            title={t('earnings.feesChartTitle')}
            figures={revenue.months
              .filter((row) => row.currency === currency)
              .map((row) => ({ month: row.month, value: row.fees }))}
            currency={currency}
            testId="revenue-chart"
          />
          <table className="table" data-testid="revenue-creators">
            <caption className="field-group__title">{t('earnings.creators')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('earnings.creator')}</th>
                <th scope="col">{t('earnings.sold')}</th>
                <th scope="col">{t('earnings.gross')}</th>
                <th scope="col">{t('earnings.fees')}</th>
                <th scope="col">{t('earnings.earned')}</th>
                <th scope="col">{t('earnings.paidOut')}</th>
                <th scope="col">{t('earnings.pending')}</th>
                <th scope="col">{t('earnings.payoutAccount')}</th>
              </tr>
            </thead>
            <tbody>
              {revenue.creators
                .filter((row) => row.currency === currency)
                .map((row) => (
                  <tr key={row.creatorId}>
                    <td>{row.name || row.creatorId}</td>
                    <td>{row.sold}</td>
                    <td>{money(row.gross)}</td>
                    <td>{money(row.fees)}</td>
                    <td>{money(row.earned)}</td>
                    <td>{money(row.paidOut)}</td>
                    <td>{money(row.pending)}</td>
                    <td>{row.connected ? t('earnings.connected') : t('earnings.notConnected')}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
