import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseListQuery } from '../../../common/contract/catalog.js';
import { useSubscription } from '../api/hooks.js';
import { CourseView } from './CourseView.js';
import { formatPrice, localized } from './format.js';

type PriceFilter = 'all' | 'free' | 'paid';
type Sort = NonNullable<CourseListQuery['sort']>;

export function CatalogScreen() {
  const { t, i18n } = useTranslation();
  const [price, setPrice] = useState<PriceFilter>('all');
  const [sort, setSort] = useState<Sort>('newest');
  const query: CourseListQuery = { sort, limit: 60, ...(price === 'all' ? {} : { free: price === 'free' }) };
  const list = useSubscription('catalog.watchCourses', query).value;
  const language = i18n.language;
  const [openCourse, setOpenCourse] = useState<string | null>(null);
  if (openCourse) return <CourseView courseId={openCourse} onBack={() => setOpenCourse(null)} />;

  return (
    <section className="screen" aria-labelledby="catalog-title">
      <header className="catalog-header">
        <h1 id="catalog-title">{t('catalog.title')}</h1>
        {list && <p className="card__meta" data-testid="catalog-total">{t('catalog.count', { count: list.total })}</p>}
      </header>
      <div className="toolbar">
        <fieldset className="choice-group">
          <legend className="visually-hidden">{t('catalog.price')}</legend>
          <div className="segmented">
            {(['all', 'free', 'paid'] as const).map((option) => (
              <label key={option} className="segmented__option">
                <input type="radio" name="price" value={option} checked={price === option} onChange={() => setPrice(option)} />
                <span>{t(`catalog.${option}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="select-label">
          {t('catalog.sort')}
          <select className="select" value={sort} onChange={(event) => setSort(event.target.value as Sort)}>
            <option value="newest">{t('catalog.sortNewest')}</option>
            <option value="price-asc">{t('catalog.sortPriceAsc')}</option>
            <option value="price-desc">{t('catalog.sortPriceDesc')}</option>
          </select>
        </label>
      </div>
      {!list ? (
        <div className="skeleton" aria-hidden="true" />
      ) : list.courses.length === 0 ? (
        <p className="empty-state">{t('catalog.empty')}</p>
      ) : (
        <ul className="course-grid" aria-label={t('catalog.title')}>
          {list.courses.map((course) => (
            <li key={course.id} className="course-card" data-testid="course-card">
              <div className="course-card__category">{localized(course.categoryName, language)}</div>
              <h2 className="course-card__title">
                <button type="button" className="course-card__link" onClick={() => setOpenCourse(course.id)}>
                  {localized(course.title, language)}
                </button>
              </h2>
              <p className="course-card__subtitle">{localized(course.subtitle, language)}</p>
              <div className="course-card__footer">
                <span className="card__meta">
                  {localized(course.creatorName, language)} · {t('catalog.lessons', { count: course.lessonCount })}
                </span>
                <span className={course.priceAmount === 0 ? 'price price--free' : 'price'}>
                  {course.priceAmount === 0 ? t('catalog.freeLabel') : formatPrice(course.priceAmount, course.currency, language)}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
