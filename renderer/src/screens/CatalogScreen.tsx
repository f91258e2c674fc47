import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseListQuery } from '../../../common/contract/catalog.js';
import { useSubscription } from '../api/hooks.js';
import { CourseCard } from '../components/CourseCard.js';
import { VirtualList } from '../components/VirtualList.js';
import { localized } from './format.js';

type PriceFilter = 'all' | 'free' | 'paid';
type LanguageFilter = 'any' | 'zh-CN' | 'en';
type Sort = NonNullable<CourseListQuery['sort']>;

const ROW_HEIGHT = 118;
/** Rows are fetched in pages; the window on screen asks for the page(s) it needs. */
const PAGE = 50;

function useListHeight(): number {
  const [height, setHeight] = useState(() => Math.max(320, window.innerHeight - 250));
  useEffect(() => {
    const onResize = () => setHeight(Math.max(320, window.innerHeight - 250));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

export function CatalogScreen() {
  const { t, i18n } = useTranslation();
  const [price, setPrice] = useState<PriceFilter>('all');
  const [language, setLanguage] = useState<LanguageFilter>('any');
  const [minRating, setMinRating] = useState(0);
  const [category, setCategory] = useState('');
  const categories = useSubscription('catalog.watchCategories', {}).value ?? [];
  const [sort, setSort] = useState<Sort>('newest');
  const filters: CourseListQuery = {
    sort,
    ...(price === 'all' ? {} : { free: price === 'free' }),
    ...(language === 'any' ? {} : { language }),
    ...(minRating > 0 ? { minRating } : {}),
    ...(category ? { categoryId: category } : {}),
  };
  const filterKey = JSON.stringify(filters);
  const filtered = price !== 'all' || language !== 'any' || minRating > 0 || category !== '';
  const resetFilters = () => {
    setPrice('all');
    setLanguage('any');
    setMinRating(0);
    setCategory('');
  };
  // The window scrolled to belongs to one set of filters; new filters start at the top.
  const [scrolled, setScrolled] = useState({ filterKey, start: 0 });
  const windowStart = scrolled.filterKey === filterKey ? scrolled.start : 0;
  const skip = Math.floor(windowStart / PAGE) * PAGE;
  const { value: list, current } = useSubscription('catalog.watchCourses', { ...filters, skip, limit: PAGE * 2 });
  const height = useListHeight();
  const onWindowChange = useCallback((start: number) => setScrolled({ filterKey, start }), [filterKey]);

  return (
    <section className="screen" aria-labelledby="catalog-title">
      <header className="catalog-header">
        <h1 id="catalog-title">{t('catalog.title')}</h1>
        {list && (
          <p className="card__meta" data-testid="catalog-total">
            {t('catalog.count', { count: list.total })}
          </p>
        )}
      </header>
      <div className="toolbar">
        <fieldset className="choice-group">
          <legend className="visually-hidden">{t('catalog.price')}</legend>
          <div className="segmented">
            {(['all', 'free', 'paid'] as const).map((option) => (
              <label key={option} className="segmented__option">
                <input
                  type="radio"
                  name="price"
                  value={option}
                  checked={price === option}
                  onChange={() => setPrice(option)}
                />
                <span>{t(`catalog.${option}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="select-label">
          {t('catalog.category')}
          <select className="select" value={category} onChange={(event) => setCategory(event.target.value)}>
            <option value="">{t('catalog.anyCategory')}</option>
            {categories.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {localized(entry.name, i18n.language)} ({entry.courses})
              </option>
            ))}
          </select>
        </label>
        <label className="select-label">
          {t('catalog.language')}
          <select
            className="select"
            value={language}
            onChange={(event) => setLanguage(event.target.value as LanguageFilter)}
          >
            <option value="any">{t('catalog.anyLanguage')}</option>
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <label className="select-label">
          {t('catalog.rating')}
          <select className="select" value={minRating} onChange={(event) => setMinRating(Number(event.target.value))}>
            <option value={0}>{t('catalog.anyRating')}</option>
            <option value={4.5}>{t('catalog.ratingAtLeast', { value: 4.5 })}</option>
            <option value={4}>{t('catalog.ratingAtLeast', { value: 4 })}</option>
            <option value={3}>{t('catalog.ratingAtLeast', { value: 3 })}</option>
          </select>
        </label>
        <label className="select-label">
          {t('catalog.sort')}
          <select className="select" value={sort} onChange={(event) => setSort(event.target.value as Sort)}>
            <option value="newest">{t('catalog.sortNewest')}</option>
            <option value="popular">{t('catalog.sortPopular')}</option>
            <option value="rating">{t('catalog.sortRating')}</option>
            <option value="price-asc">{t('catalog.sortPriceAsc')}</option>
            <option value="price-desc">{t('catalog.sortPriceDesc')}</option>
          </select>
        </label>
      </div>
      {!list ? (
        <div className="skeleton skeleton--tall" aria-hidden="true" />
      ) : list.total === 0 && filtered ? (
        <div className="empty-state" role="status" data-testid="catalog-no-match">
          <p>{t('catalog.noMatch')}</p>
          <button type="button" className="button" onClick={resetFilters}>
            {t('catalog.resetFilters')}
          </button>
        </div>
      ) : list.total === 0 ? (
        <p className="empty-state">{t('catalog.empty')}</p>
      ) : (
        <VirtualList
          key={filterKey}
          count={list.total}
          rowHeight={ROW_HEIGHT}
          height={Math.min(height, list.total * ROW_HEIGHT + 8)}
          label={t('catalog.title')}
          onWindowChange={onWindowChange}
          rowAt={(index) => (current ? list.courses[index - skip] : undefined)}
          renderRow={(course) => <CourseCard course={course} variant="row" />}
        />
      )}
    </section>
  );
}
