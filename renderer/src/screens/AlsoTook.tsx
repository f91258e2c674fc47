import { useTranslation } from 'react-i18next';
import { useSubscription } from '../api/hooks.js';
import { CourseCard } from '../components/CourseCard.js';
import { reasonText } from '../components/recommendation-reason.js';

/** The course page's recommender part: the learner's predicted stars, and "learners who took this also took". */
export function PredictedStars({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const stars = useSubscription('recommendations.watchCourse', { courseId }).value?.predictedStars;
  if (stars === null || stars === undefined) return null;
  return (
    <p className="predicted-stars" data-testid="predicted-stars" title={t('recommend.predictedHint')}>
      {t('recommend.predicted', { stars: stars.toFixed(1) })}
    </p>
  );
}

export function AlsoTook({ courseId }: { courseId: string }) {
  const { t, i18n } = useTranslation();
  const found = useSubscription('recommendations.watchCourse', { courseId }).value;
  if (!found || found.alsoTook.length === 0) return null;
  return (
    <section className="home-section" aria-labelledby="also-took-title" data-testid="also-took">
      <h2 id="also-took-title" className="home-section__title">
        {t('recommend.alsoTook')}
      </h2>
      <ul className="course-grid course-grid--row">
        {found.alsoTook.map(({ course, together, reason }) => (
          <li key={course.id}>
            <CourseCard
              course={course}
              note={
                together !== undefined
                  ? t('recommend.together', { count: together })
                  : reasonText(reason, t, i18n.language)
              }
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
