import { useTranslation } from 'react-i18next';
import { useOperation, useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { localized } from '../screens/format.js';
import { SalesDashboard } from './SalesDashboard.js';
import { EarningsPanel } from './EarningsPanel.js';
import { PayoutCard } from './PayoutCard.js';
import { PlansCard } from './PlansCard.js';
import { ExerciseStats } from './ExerciseStats.js';

/** The creator's studio: their courses (drafts and published), a new course, and sales. */
export function StudioScreen() {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const session = useSubscription('account.watchSession', {}).value;
  const drafts = useSubscription('drafts.watchMine', {}).value;
  const become = useOperation('creator.become');
  const create = useOperation('drafts.create');
  const role = session?.user?.role;
  const isCreator = role === 'creator' || role === 'admin';

  const newCourse = async () => {
    const reply = await create.run({});
    if (reply.ok) navigation.go({ screen: 'studio', courseId: reply.value.id, view: 'editor' });
  };

  return (
    <section className="screen" aria-labelledby="studio-title">
      <header className="catalog-header">
        <h1 id="studio-title">{t('studio.title')}</h1>
        {isCreator && (
          <button
            type="button"
            className="button button--primary"
            disabled={create.running}
            onClick={() => void newCourse()}
          >
            {t('studio.newCourse')}
          </button>
        )}
      </header>
      {session?.status !== 'signed-in' ? (
        <p className="empty-state">{t('studio.signIn')}</p>
      ) : !isCreator ? (
        <div className="card">
          <p>{t('studio.becomeLead')}</p>
          <button
            type="button"
            className="button button--primary"
            disabled={become.running}
            onClick={() => void become.run({})}
          >
            {t('studio.become')}
          </button>
          {become.lastReply && !become.lastReply.ok && (
            <p className="field-message field-message--invalid" role="alert">
              {t(`errors.${become.lastReply.error.code}`)}
            </p>
          )}
        </div>
      ) : (
        <>
          {!drafts ? (
            <div className="skeleton" aria-hidden="true" />
          ) : drafts.length === 0 ? (
            <p className="empty-state">{t('studio.empty')}</p>
          ) : (
            <ul className="library-list" aria-label={t('studio.myCourses')}>
              {drafts.map((draft) => (
                <li key={draft.id} className="card library-item" data-testid="studio-course">
                  <div className="library-item__main">
                    <h2 className="course-card__title">
                      <button
                        type="button"
                        className="course-card__link"
                        onClick={() => navigation.go({ screen: 'studio', courseId: draft.id, view: 'editor' })}
                      >
                        {localized(draft.title, i18n.language) || t('studio.untitled')}
                      </button>
                    </h2>
                    <p className="card__meta">
                      {t(`studio.state_${draft.state}`)} · {t('catalog.lessons', { count: draft.lessons.length })} ·{' '}
                      {new Date(draft.updatedAt).toLocaleString(i18n.language)}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <PayoutCard />
          <EarningsPanel
            titleOf={(courseId) => {
              const draft = drafts?.find((d) => d.id === courseId);
              return draft ? localized(draft.title, i18n.language) : courseId;
            }}
          />
          <PlansCard courses={(drafts ?? []).filter((d) => d.state === 'published')} />
          <SalesDashboard drafts={drafts ?? []} />
          <ExerciseStats drafts={drafts ?? []} />
        </>
      )}
    </section>
  );
}
