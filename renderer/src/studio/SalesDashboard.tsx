import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseDraftDoc } from '../../../common/collections/index.js';
import type { CourseLearners, SaleRecord } from '../../../common/contract/authoring.js';
import { ProgressBar, RatingBars, Stars } from '../components/StarRating.js';
import { useApi, useOperationResult, useSubscription } from '../api/hooks.js';
import { localized } from '../screens/format.js';
import { SalesOverview } from './SalesOverview.js';

/**
 * The creator's dashboard: sales over a chosen period (SalesOverview), learners and their
 * progress per course, ratings and recent reviews. Sales come from the server's records
 * (kept for offline use); ratings from the synced catalog.
 */
export function SalesDashboard({ drafts }: { drafts: CourseDraftDoc[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const sync = useSubscription('sync.watchStatus', {}).value;
  const [answer, setAnswer] = useState<{ sales: SaleRecord[]; learners: CourseLearners[]; at: number } | null>(null);
  const reviews = useSubscription('creator.watchReviews', {}).value;
  const plans = useOperationResult('creator.plans', {});
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
    // A membership's invoices are sales of its plan (`plan-<id>`).
    const plan = plans?.ok ? plans.value.find((p) => `plan-${p.id}` === courseId) : undefined;
    if (plan) return t('memberships.planSales', { plan: localized(plan.title, language) });
    return draft ? localized(draft.title, language) : courseId;
  };
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
          <SalesOverview sales={sales} now={answer!.at} titleOf={titleOf} />
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
