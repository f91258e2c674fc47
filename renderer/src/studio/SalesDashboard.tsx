import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseDraftDoc } from '../../../common/collections/index.js';
import type { SaleRecord } from '../../../common/contract/authoring.js';
import { useApi, useSubscription } from '../api/hooks.js';
import { formatPrice, localized } from '../screens/format.js';

const DAY = 86_400_000;

/**
 * Revenue and units per course over the last 30 days (bars per day, a chart to compare),
 * refunds, and ratings of the creator's published courses. Sales come from the server's
 * records; ratings from the synced catalog.
 */
export function SalesDashboard({ drafts }: { drafts: CourseDraftDoc[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const sync = useSubscription('sync.watchStatus', {}).value;
  const [answer, setAnswer] = useState<{ sales: SaleRecord[]; at: number } | null>(null);
  const sales = answer?.sales ?? null;
  const [error, setError] = useState<string | null>(null);
  const lastSynced = sync?.lastSyncedAt ?? 0;

  useEffect(() => {
    let active = true;
    void api.invoke('creator.sales', {}).then((reply) => {
      if (!active) return;
      if (reply.ok) {
        setAnswer({ sales: reply.value, at: Date.now() });
        setError(null);
      } else setError(t(`errors.${reply.error.code}`));
    });
    return () => {
      active = false;
    };
  }, [api, t, lastSynced]);

  const titleOf = (courseId: string) => {
    const draft = drafts.find((d) => d.id === courseId);
    return draft ? localized(draft.title, language) : courseId;
  };
  const today = Math.floor((answer?.at ?? 0) / DAY);
  const days = Array.from({ length: 30 }, (_, i) => today - 29 + i);
  const paid = (sales ?? []).filter((s) => s.refundedAt === null);
  const perDay = days.map((day) => paid.filter((s) => Math.floor(s.paidAt / DAY) === day).length);
  const maxDay = Math.max(1, ...perDay);
  const byCourse = new Map<string, { units: number; revenue: Map<string, number>; refunds: number }>();
  for (const sale of sales ?? []) {
    const entry = byCourse.get(sale.courseId) ?? { units: 0, revenue: new Map(), refunds: 0 };
    if (sale.refundedAt === null) {
      entry.units++;
      entry.revenue.set(sale.currency, (entry.revenue.get(sale.currency) ?? 0) + sale.amount);
    } else entry.refunds++;
    byCourse.set(sale.courseId, entry);
  }
  const maxUnits = Math.max(1, ...[...byCourse.values()].map((e) => e.units));

  return (
    <section className="dashboard" aria-labelledby="sales-title" data-testid="sales-dashboard">
      <h2 id="sales-title" className="field-group__title">{t('studio.sales')}</h2>
      {error && <p className="banner banner--warn" role="status">{error}</p>}
      {!sales && !error && <div className="skeleton" aria-hidden="true" />}
      {sales && (
        <>
          <figure className="day-chart" aria-label={t('studio.salesPerDay')}>
            {perDay.map((units, i) => (
              <span key={days[i]} className="day-chart__bar" style={{ height: `${(units / maxDay) * 100}%` }} title={`${new Date(days[i]! * DAY).toLocaleDateString(language)}: ${units}`} />
            ))}
            <figcaption className="card__meta">{t('studio.salesPerDay')}</figcaption>
          </figure>
          {byCourse.size === 0 ? (
            <p className="empty-state">{t('studio.noSales')}</p>
          ) : (
            <div className="storage-chart">
              {[...byCourse.entries()].map(([courseId, entry]) => (
                <div key={courseId} className="rating-bars__row" data-testid="sales-course">
                  <span className="rating-bars__label storage-chart__label">{titleOf(courseId)}</span>
                  <span className="rating-bars__track">
                    <span className="rating-bars__fill" style={{ width: `${(entry.units / maxUnits) * 100}%` }} />
                  </span>
                  <span className="rating-bars__count">
                    {t('studio.units', { count: entry.units })} · {[...entry.revenue.entries()].map(([currency, amount]) => formatPrice(amount, currency, language)).join(' + ') || '—'}
                    {entry.refunds > 0 && ` · ${t('studio.refunds', { count: entry.refunds })}`}
                  </span>
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
