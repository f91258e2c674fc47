import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseDraftDoc } from '../../../common/collections/index.js';
import type { CourseLearners, SaleRecord } from '../../../common/contract/authoring.js';
import { ProgressBar, RatingBars, Stars } from '../components/StarRating.js';
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
  const [answer, setAnswer] = useState<{ sales: SaleRecord[]; learners: CourseLearners[]; at: number } | null>(null);
  const reviews = useSubscription('creator.watchReviews', {}).value;
  const sales = answer?.sales ?? null;
  const [error, setError] = useState<string | null>(null);
  const lastSynced = sync?.lastSyncedAt ?? 0;

  useEffect(() => {
    let active = true;
    void Promise.all([api.invoke('creator.sales', {}), api.invoke('creator.learners', {})]).then(
      ([sales, learners]) => {
        if (!active) return;
        if (sales.ok && learners.ok) {
          setAnswer({ sales: sales.value, learners: learners.value, at: Date.now() });
          setError(null);
        } else {
          const failed = !sales.ok ? sales.error : !learners.ok ? learners.error : null;
          setError(t(`errors.${failed?.code ?? 'INTERNAL'}`));
        }
      },
    );
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

  return (
    <section className="dashboard" aria-labelledby="sales-title" data-testid="sales-dashboard">
      <h2 id="sales-title" className="field-group__title">
        {t('studio.sales')}
      </h2>
      {error && (
        <p className="banner banner--warn" role="status">
          {error}
        </p>
      )}
      {answer && sync && !sync.online && (
        <p className="card__meta" role="status">
          {t('studio.offlineFigures')}
        </p>
      )}
      {!sales && !error && <div className="skeleton" aria-hidden="true" />}
      {sales && (
        <>
          <figure className="day-chart" aria-label={t('studio.salesPerDay')}>
            {perDay.map((units, i) => (
              <span
                key={days[i]}
                className="day-chart__bar"
                style={{ height: `${(units / maxDay) * 100}%` }}
                title={`${new Date(days[i]! * DAY).toLocaleDateString(language)}: ${units}`}
              />
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
                  <span
                    className="sparkline"
                    role="img"
                    aria-label={t('studio.salesPerDayOf', { course: titleOf(courseId) })}
                  >
                    {days.map((day) => {
                      const units = paid.filter(
                        (s) => s.courseId === courseId && Math.floor(s.paidAt / DAY) === day,
                      ).length;
                      return (
                        <span
                          key={day}
                          className="sparkline__bar"
                          style={{ height: `${(units / Math.max(1, entry.units)) * 100}%` }}
                        />
                      );
                    })}
                  </span>
                  <span className="rating-bars__count">
                    {t('studio.units', { count: entry.units })} ·{' '}
                    {[...entry.revenue.entries()]
                      .map(([currency, amount]) => formatPrice(amount, currency, language))
                      .join(' + ') || '—'}
                    {entry.refunds > 0 && ` · ${t('studio.refunds', { count: entry.refunds })}`}
                  </span>
                </div>
              ))}
            </div>
          )}
          {answer && answer.learners.length > 0 && (
            <table className="table" data-testid="learners">
              <thead>
                <tr>
                  <th scope="col">{t('studio.course')}</th>
                  <th scope="col">{t('studio.learners')}</th>
                  <th scope="col">{t('studio.averageProgress')}</th>
                  <th scope="col">{t('rating.title')}</th>
                </tr>
              </thead>
              <tbody>
                {answer.learners.map((row) => {
                  const ratings = reviews?.courses.find((c) => c.courseId === row.courseId);
                  return (
                    <tr key={row.courseId}>
                      <td>{titleOf(row.courseId)}</td>
                      <td>{row.learners}</td>
                      <td>
                        <ProgressBar value={row.averageCompletion} label={t('studio.averageProgress')} />
                        <span className="card__meta">{Math.round(row.averageCompletion * 100)}%</span>
                      </td>
                      <td>
                        {ratings && ratings.ratingCount > 0 ? (
                          <Stars value={ratings.ratingAverage} count={ratings.ratingCount} />
                        ) : (
                          '—'
                        )}
                        {ratings && ratings.distribution.some((n) => n > 0) && (
                          <RatingBars distribution={ratings.distribution} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
      {reviews && reviews.recent.length > 0 && (
        <>
          <h3 className="field-group__title">{t('studio.recentReviews')}</h3>
          <ul className="review-list" data-testid="recent-reviews">
            {reviews.recent.map((review) => (
              <li key={review.id} className="review">
                <div className="review__head">
                  <strong>{review.authorName}</strong> <Stars value={review.stars} />{' '}
                  <span className="card__meta">{titleOf(review.courseId)}</span>
                </div>
                <p>{review.text}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
