import { useTranslation } from 'react-i18next';
import type { CourseDoc } from '../../../common/collections/index.js';
import { CourseCover } from '../components/CourseCover.js';
import { Stars } from '../components/StarRating.js';
import { formatCount, formatDuration, localized } from '../screens/format.js';

/** The top of a course's page: cover, category, title, subtitle, rating, learners, creator and the course's facts. */
export function CourseHero({ course }: { course: CourseDoc }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <header className="course-hero">
      <div className="course-hero__text">
        <div className="course-card__category">{localized(course.categoryName, language)}</div>
        <h1 id="course-title" tabIndex={-1}>
          {localized(course.title, language)}
        </h1>
        <p className="lead">{localized(course.subtitle, language)}</p>
        <p className="course-hero__rating">
          {course.ratingCount > 0 ? (
            <Stars value={course.ratingAverage} count={course.ratingCount} />
          ) : (
            <span className="card__meta">{t('catalog.noRatings')}</span>
          )}
          {course.learnerCount > 0 && (
            <span className="card__meta">
              {t('catalog.learners', {
                count: course.learnerCount,
                formatted: formatCount(course.learnerCount, language),
              })}
            </span>
          )}
        </p>
        <p className="card__meta">
          {t('course.by', { name: localized(course.creatorName, language) })}
          {' · '}
          {t(`course.level_${course.level}`)}
          {' · '}
          {t(`course.taughtIn_${course.language}`)}
        </p>
        <p className="card__meta" data-testid="course-facts">
          {t('catalog.lessons', { count: course.lessonCount })}
          {course.durationSeconds > 0 && ` · ${formatDuration(course.durationSeconds, language)}`}
          {' · '}
          {t('course.updated', { date: new Date(course.updatedAt).toLocaleDateString(language) })}
        </p>
      </div>
      <CourseCover course={course} language={language} size="hero" />
    </header>
  );
}
