import {
  LanguageFilterSelect,
  RatingFilterSelect,
  SortSelect,
  type LanguageFilter,
} from '../components/CourseFilters.js';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseListQuery } from '../../../common/contract/catalog.js';
import { useSubscription } from '../api/hooks.js';
import { CourseCard } from '../components/CourseCard.js';
import { VirtualList } from '../components/VirtualList.js';
import { rowFrom, useCoalesced, withPage, type PagedRows } from '../components/paged-rows.js';
import type { CourseDoc } from '../../../common/collections/index.js';
import { localized } from './format.js';

type PriceFilter = 'all' | 'free' | 'paid';
type Sort = NonNullable<CourseListQuery['sort']>;

const ROW_HEIGHT = 118;
/** Rows are fetched in pages; the window on screen asks for the page(s) it needs. */
const PAGE = 50;

/**
 * The height that fills the window below the list's top, so the page itself never scrolls
 * around the list (one scrollbar, never two nested), whatever wraps in the header above it.
 */
function useFillHeight(box: RefObject<HTMLElement | null>): number {
  const [height, setHeight] = useState(() => Math.max(320, window.innerHeight - 250));
  useEffect(() => {
    const measure = () => {
      const top = box.current?.getBoundingClientRect().top;
      if (top !== undefined) setHeight(Math.max(320, Math.floor(window.innerHeight - top - 32)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    const header = box.current?.parentElement;
    if (header) observer.observe(header);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  });
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
  // While the list moves fast, pages are asked for now and then (never one per page passed);
  // once it stops, within 40 ms, for exactly where it stopped.
  const requestedStart = useCoalesced(windowStart, 40, 150);
  // A page behind the window and two ahead of it: scrolling either way finds rows waiting.
  const skip = Math.max(0, (Math.floor(requestedStart / PAGE) - 1) * PAGE);
  const { value: list, current } = useSubscription('catalog.watchCourses', { ...filters, skip, limit: PAGE * 3 });
  // Every answer is kept (near the reader): rows already seen never blank out while the next page loads.
  const [rows, setRows] = useState<PagedRows<CourseDoc>>({ key: '', pages: new Map() });
  if (list && current && (rows.key !== filterKey || rows.pages.get(skip) !== list.courses))
    setRows(withPage(rows, filterKey, skip, list.courses));
  const listBox = useRef<HTMLDivElement>(null);
  const height = useFillHeight(listBox);
  const onWindowChange = useCallback((start: number) => setScrolled({ filterKey, start }), [filterKey, setScrolled]);

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
        <LanguageFilterSelect value={language} onChange={setLanguage} />
        <RatingFilterSelect value={minRating} onChange={setMinRating} />
        <SortSelect
          value={sort}
          onChange={setSort}
          options={[
            ['newest', 'catalog.sortNewest'],
            ['popular', 'catalog.sortPopular'],
            ['rating', 'catalog.sortRating'],
            ['price-asc', 'catalog.sortPriceAsc'],
            ['price-desc', 'catalog.sortPriceDesc'],
          ]}
        />
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
        <div ref={listBox}>
          <VirtualList
            key={filterKey}
            count={list.total}
            rowHeight={ROW_HEIGHT}
            height={Math.min(height, list.total * ROW_HEIGHT + 8)}
            label={t('catalog.title')}
            onWindowChange={onWindowChange}
            rowAt={(index) => rowFrom(rows, filterKey, index)}
            renderRow={(course) => <CourseCard course={course} variant="row" />}
          />
        </div>
      )}
    </section>
  );
}
