import { NewLessonsNotice } from './NewLessonsNotice.js';
import { useTranslation } from 'react-i18next';
import type { CourseDoc } from '../../../common/collections/index.js';
import { useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { CourseCard } from '../components/CourseCard.js';
import { CourseCover } from '../components/CourseCover.js';
import { reasonText } from '../components/recommendation-reason.js';
import { ProgressBar } from '../components/StarRating.js';
import { localized } from './format.js';

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

/**
 * Home: where the learner left off, then courses for them, new and popular — each course
 * shown once. A learner with nothing yet is welcomed instead of greeted.
 */
export function HomeScreen() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const home = useSubscription('home.watch', {}).value;
  const session = useSubscription('account.watchSession', {}).value;
  const owned = useSubscription('library.watchOwned', {}).value;
  const navigation = useNavigation();
  const name = session?.status === 'signed-in' ? (session.user?.displayName ?? null) : null;
  const newcomer = !name || (owned !== undefined && owned.courseIds.length === 0);

  return (
    <section className="screen" aria-labelledby="home-title">
      <header className={newcomer ? 'hero hero--welcome' : 'hero'}>
        <h1 id="home-title">{newcomer || !name ? t('home.title') : t('home.greeting', { name })}</h1>
        {newcomer && <p className="lead">{t('home.lead')}</p>}
        {newcomer && (
          <div className="hero__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => navigation.go({ screen: 'catalog' })}
            >
              {t('home.browse')}
            </button>
            {!name && (
              <button type="button" className="button" onClick={() => navigation.go({ screen: 'account' })}>
                {t('home.signIn')}
              </button>
            )}
          </div>
        )}
      </header>
      {!home ? (
        <div className="skeleton skeleton--tall" aria-hidden="true" />
      ) : (
        <>
          <NewLessonsNotice lessons={home.newLessons} />
          {home.continueLearning.length > 0 && (
            <section className="home-section" aria-labelledby="continue-title" data-testid="continue-learning">
              <h2 id="continue-title" className="home-section__title">
                {t('home.continue')}
              </h2>
              <ul className="continue-list">
                {home.continueLearning.map((entry) => (
                  <li key={entry.course.id} className="card continue-card">
                    <CourseCover course={entry.course} language={language} size="thumb" />
                    <div className="continue-card__body">
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
    </section>
  );
}
