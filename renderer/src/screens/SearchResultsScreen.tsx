import {
  LanguageFilterSelect,
  RatingFilterSelect,
  SortSelect,
  type LanguageFilter,
} from '../components/CourseFilters.js';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchResults } from '../../../common/contract/search.js';
import { useApi } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { CourseCard } from '../components/CourseCard.js';
import { Highlighted } from '../components/Highlighted.js';
import { localized } from './format.js';

type PriceFilter = 'all' | 'free' | 'paid';
type Sort = 'relevance' | 'rating' | 'price-asc' | 'newest';

/**
 * All results for a query: courses as cards that can be narrowed by price, language and
 * rating and sorted (prices compared across currencies), and the lessons that match,
 * including words inside downloaded lessons.
 */
export function SearchResultsScreen({ query }: { query: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const lang = language.startsWith('zh') ? 'zh' : 'en';
  const api = useApi();
  const navigation = useNavigation();
  const [results, setResults] = useState<SearchResults | null>(null);
  const [price, setPrice] = useState<PriceFilter>('all');
  const [courseLanguage, setCourseLanguage] = useState<LanguageFilter>('any');
  const [minRating, setMinRating] = useState(0);
  const [sort, setSort] = useState<Sort>('relevance');

  useEffect(() => {
    let current = true;
    void api.invoke('search.query', { text: query, limit: 50, withCourses: true }).then((reply) => {
      if (current && reply.ok) setResults(reply.value);
    });
    return () => {
      current = false;
    };
  }, [api, query]);

  const filtered = price !== 'all' || courseLanguage !== 'any' || minRating > 0;
  const reset = () => {
    setPrice('all');
    setCourseLanguage('any');
    setMinRating(0);
  };
  const courses = (results?.courses ?? [])
    .flatMap((hit) => (hit.course ? [hit.course] : []))
    .filter((course) => price === 'all' || (price === 'free') === (course.priceAmount === 0))
    .filter((course) => courseLanguage === 'any' || course.language === courseLanguage)
    .filter((course) => course.ratingAverage >= minRating);
  const sorted =
    sort === 'relevance'
      ? courses
      : [...courses].sort((a, b) =>
          sort === 'rating'
            ? b.ratingAverage - a.ratingAverage || b.ratingCount - a.ratingCount
            : sort === 'price-asc'
              ? a.priceReference - b.priceReference
              : b.publishedAt - a.publishedAt,
        );

  return (
    <section className="screen" aria-labelledby="search-title">
      <header className="catalog-header">
        <h1 id="search-title" tabIndex={-1}>
          {t('search.resultsFor', { query })}
        </h1>
        {results && (
          <p className="card__meta" data-testid="search-total" role="status">
            {t('search.foundCourses', { count: sorted.length })} ·{' '}
            {t('search.foundLessons', { count: results.lessons.length })}
          </p>
        )}
      </header>
      <div className="toolbar">
        <label className="select-label">
          {t('catalog.price')}
          <select className="select" value={price} onChange={(e) => setPrice(e.target.value as PriceFilter)}>
            <option value="all">{t('catalog.all')}</option>
            <option value="free">{t('catalog.free')}</option>
            <option value="paid">{t('catalog.paid')}</option>
          </select>
        </label>
        <LanguageFilterSelect value={courseLanguage} onChange={setCourseLanguage} />
        <RatingFilterSelect value={minRating} onChange={setMinRating} steps={[4, 3]} />
        <SortSelect
          value={sort}
          onChange={setSort}
          options={[
            ['relevance', 'search.sortRelevance'],
            ['rating', 'catalog.sortRating'],
            ['price-asc', 'catalog.sortPriceAsc'],
            ['newest', 'catalog.sortNewest'],
          ]}
        />
      </div>
      {!results ? (
        <div className="skeleton skeleton--tall" aria-hidden="true" />
      ) : (
        <>
          {sorted.length > 0 ? (
            <ul className="course-grid" aria-label={t('search.courses')} data-testid="search-results-courses">
              {sorted.map((course) => (
                <li key={course.id}>
                  <CourseCard course={course} />
                </li>
              ))}
            </ul>
          ) : filtered ? (
            <div className="empty-state" role="status">
              <p>{t('catalog.noMatch')}</p>
              <button type="button" className="button" onClick={reset}>
                {t('catalog.resetFilters')}
              </button>
            </div>
          ) : (
            <p className="empty-state" role="status">
              {t('search.none', { query })}
            </p>
          )}
          {results.lessons.length > 0 && (
            <section aria-labelledby="search-lessons-title">
              <h2 id="search-lessons-title" className="home-section__title">
                {t('search.lessons')}
              </h2>
              <ul className="search-lessons">
                {results.lessons.map((hit) => (
                  <li key={hit.lessonId} className="card search-lesson" data-testid="search-results-lesson">
                    <button
                      type="button"
                      className="course-card__link"
                      onClick={() => navigation.openLesson(hit.courseId, hit.lessonId)}
                    >
                      <span className="search__kind">{t(`course.kind_${hit.kind}`)}</span>{' '}
                      <Highlighted text={localized(hit.title, language)} ranges={hit.titleHighlights[lang]} />
                    </button>
                    <p className="card__meta">
                      {hit.snippet ? (
                        <Highlighted text={hit.snippet.text} ranges={hit.snippet.highlights} />
                      ) : (
                        localized(hit.courseTitle, language)
                      )}
                    </p>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </section>
  );
}
