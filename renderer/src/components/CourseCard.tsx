import { useTranslation } from 'react-i18next';
import type { CourseDoc } from '../../../common/collections/index.js';
import { useNavigation } from '../app/navigation.js';
import { formatPrice, localized } from '../screens/format.js';
import { Stars } from './StarRating.js';

/** A course in a grid or a list row: category, title (the link), subtitle, creator, rating, price. */
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
  const language = i18n.language;
  return (
    <article className={variant === 'row' ? 'course-card course-card--row' : 'course-card'} data-testid="course-card">
      {course.cover && variant === 'card' && (
        <img
          className="course-card__cover"
          src={`covers/${course.id}?v=${course.cover.sha256.slice(0, 12)}`}
          alt=""
          loading="lazy"
        />
      )}
      <div className="course-card__category">{localized(course.categoryName, language)}</div>
      <h3 className="course-card__title">
        <button type="button" className="course-card__link" onClick={() => navigation.openCourse(course.id)}>
          {localized(course.title, language)}
        </button>
      </h3>
      <p className="course-card__subtitle">{localized(course.subtitle, language)}</p>
      {note && <p className="course-card__note">{note}</p>}
      <div className="course-card__footer">
        <span className="card__meta">
          {localized(course.creatorName, language)} · {t('catalog.lessons', { count: course.lessonCount })}
          {course.ratingCount > 0 && (
            <>
              {' '}
              · <Stars value={course.ratingAverage} count={course.ratingCount} />
            </>
          )}
        </span>
        <span className={course.priceAmount === 0 ? 'price price--free' : 'price'}>
          {course.priceAmount === 0
            ? t('catalog.freeLabel')
            : formatPrice(course.priceAmount, course.currency, language)}
        </span>
      </div>
    </article>
  );
}
