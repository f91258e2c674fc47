import { useTranslation } from 'react-i18next';
import type { CourseDoc } from '../../../common/collections/index.js';
import { useNavigation } from '../app/navigation.js';
import { useOwnedCourses } from '../app/owned-courses.js';
import { formatCount, formatDuration, formatPrice, localized } from '../screens/format.js';
import { CourseCover } from './CourseCover.js';
import { Stars } from './StarRating.js';

/**
 * A course in a grid (`card`) or a list row (`row`): cover, category, title (the link),
 * creator, rating, learners, lessons and duration, and the price — or "owned" for a
 * course the learner holds.
 */
export function CourseCard({
  course,
  note,
  variant = 'card',
}: {
  course: CourseDoc;
  note?: React.ReactNode;
  variant?: 'card' | 'row';
}) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const owned = useOwnedCourses().has(course.id);
  const language = i18n.language;
  const facts = [
    t('catalog.lessons', { count: course.lessonCount }),
    ...(course.durationSeconds > 0 ? [formatDuration(course.durationSeconds, language)] : []),
    ...(course.learnerCount > 0
      ? [t('catalog.learners', { count: course.learnerCount, formatted: formatCount(course.learnerCount, language) })]
      : []),
  ];
  const rating =
    course.ratingCount > 0 ? (
      <Stars value={course.ratingAverage} count={course.ratingCount} />
    ) : (
      <span className="card__meta">{t('catalog.noRatings')}</span>
    );
  return (
    <article
      className={variant === 'row' ? 'course-card course-card--row' : 'course-card'}
      data-testid="course-card"
      data-owned={owned || undefined}
    >
      <CourseCover course={course} language={language} size={variant === 'row' ? 'thumb' : 'card'} />
      <div className="course-card__body">
        <div className="course-card__category">{localized(course.categoryName, language)}</div>
        <h3 className="course-card__title">
          <button type="button" className="course-card__link" onClick={() => navigation.openCourse(course.id)}>
            {localized(course.title, language)}
          </button>
        </h3>
        {variant === 'row' ? (
          <>
            <p className="course-card__subtitle">{localized(course.subtitle, language)}</p>
            <p className="card__meta course-card__facts">
              {localized(course.creatorName, language)} · {rating} · {facts.join(' · ')}
            </p>
          </>
        ) : (
          <>
            <p className="course-card__creator">{localized(course.creatorName, language)}</p>
            {note && <p className="course-card__note">{note}</p>}
            <p className="course-card__rating">{rating}</p>
            <p className="card__meta course-card__facts">{facts.join(' · ')}</p>
          </>
        )}
      </div>
      <div className="course-card__footer">
        {owned ? (
          <span className="badge badge--ok" data-testid="owned-badge">
            {t('catalog.owned')}
          </span>
        ) : (
          <span className={course.priceAmount === 0 ? 'price price--free' : 'price'}>
            {course.priceAmount === 0
              ? t('catalog.freeLabel')
              : formatPrice(course.priceAmount, course.currency, language)}
          </span>
        )}
      </div>
    </article>
  );
}
