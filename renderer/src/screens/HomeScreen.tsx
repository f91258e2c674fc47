import { useTranslation } from 'react-i18next';
import type { CourseDoc } from '../../../common/collections/index.js';
import { useOperation, useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { ServerStatusPill } from '../app/ServerStatusPill.js';
import { CourseCard } from '../components/CourseCard.js';
import { reasonText } from '../components/recommendation-reason.js';
import { ProgressBar } from '../components/StarRating.js';
import { localized } from './format.js';
import type { ScreenProps } from './screen-props.js';

function CourseRow({
  title,
  courses,
  testId,
}: {
  title: string;
  courses: { course: CourseDoc; note?: string }[];
  testId: string;
}) {
  if (courses.length === 0) return null;
  return (
    <section className="home-section" aria-label={title} data-testid={testId}>
      <h2 className="home-section__title">{title}</h2>
      <ul className="course-grid course-grid--row">
        {courses.map(({ course, note }) => (
          <li key={course.id}>
            <CourseCard course={course} note={note} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function HomeScreen({ serverStatus }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const home = useSubscription('home.watch', {}).value;
  const navigation = useNavigation();
  const check = useOperation('server.checkStatus');

  return (
    <section className="screen" aria-labelledby="home-title">
      <header className="hero">
        <h1 id="home-title">{t('home.title')}</h1>
        <p className="lead">{t('home.lead')}</p>
      </header>
      {!home ? (
        <div className="skeleton skeleton--tall" aria-hidden="true" />
      ) : (
        <>
          {home.continueLearning.length > 0 && (
            <section className="home-section" aria-labelledby="continue-title" data-testid="continue-learning">
              <h2 id="continue-title" className="home-section__title">
                {t('home.continue')}
              </h2>
              <ul className="continue-list">
                {home.continueLearning.map((entry) => (
                  <li key={entry.course.id} className="card continue-card">
                    <div>
                      <h3 className="course-card__title">{localized(entry.course.title, language)}</h3>
                      <ProgressBar
                        value={entry.completion}
                        label={t('library.completion', { percent: Math.round(entry.completion * 100) })}
                      />
                      <p className="card__meta">
                        {t('library.completion', { percent: Math.round(entry.completion * 100) })}
                      </p>
                    </div>
                    <button
                      type="button"
                      className="button button--primary"
                      onClick={() =>
                        entry.lastLessonId
                          ? navigation.openLesson(entry.course.id, entry.lastLessonId)
                          : navigation.openCourse(entry.course.id)
                      }
                    >
                      {t('home.resume')}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <CourseRow
            title={t('home.recommended')}
            testId="recommended"
            courses={home.recommended.map(({ course, reason }) => ({
              course,
              note: reasonText(reason, t, language),
            }))}
          />
          <CourseRow title={t('home.newest')} testId="newest" courses={home.newest.map((course) => ({ course }))} />
          <CourseRow title={t('home.popular')} testId="popular" courses={home.popular.map((course) => ({ course }))} />
        </>
      )}
      <article className="card server-card" aria-labelledby="server-card-title">
        <div className="card__header">
          <h2 id="server-card-title">{t('home.serverCard')}</h2>
          <ServerStatusPill status={serverStatus} />
        </div>
        {serverStatus?.reachable && serverStatus.health ? (
          <p className="card__text" data-testid="catalog-count">
            {t('home.catalogCount', { count: serverStatus.health.catalog.courses })}
          </p>
        ) : serverStatus ? (
          <p className="card__text">
            {t(`errors.${serverStatus.error ?? 'SERVER_UNREACHABLE'}`)} {t('home.offlineHint')}
          </p>
        ) : (
          <p className="card__text">{t('status.checking')}</p>
        )}
        <p className="card__meta">
          <span className="mono">{serverStatus?.url}</span>
        </p>
        <button
          type="button"
          className="button button--small"
          disabled={check.running}
          onClick={() => void check.run({})}
        >
          {check.running ? t('status.checking') : t('home.checkNow')}
        </button>
      </article>
    </section>
  );
}
