import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HighlightRange, SearchResults } from '../../../common/contract/search.js';
import { useApi } from '../api/hooks.js';
import { Highlighted } from '../components/Highlighted.js';
import { localized } from '../screens/format.js';

type Choice = { type: 'course'; courseId: string } | { type: 'lesson'; courseId: string; lessonId: string };

/** How long typing must pause before a search runs; the core answers in a few ms. */
const DEBOUNCE_MS = 60;

/**
 * Search as you type, over the catalog and the user's downloaded lessons, on the device.
 * A combobox: arrow keys move through results, Enter opens, Escape closes. Answers that
 * arrive after a newer query was typed are dropped, so results never flicker backwards.
 */
export function SearchBox({
  onChoose,
  onSearch,
}: {
  onChoose: (choice: Choice) => void;
  /** Enter without an option picked: the results page for the query. */
  onSearch: (query: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [text, setText] = useState('');
  const [answer, setResults] = useState<SearchResults | null>(null);
  // An empty box shows nothing, whatever answer came last.
  const results = text.trim() === '' ? null : answer;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const latest = useRef(0);
  const listId = useId();
  const language = i18n.language;
  const lang = language.startsWith('zh') ? 'zh' : 'en';
  const other = lang === 'zh' ? 'en' : 'zh';
  /** When the query matched the title in the other language (算法 in an English UI), that title is shown too. */
  const otherTitle = (hit: {
    title: { zh: string; en: string };
    titleHighlights: { zh: HighlightRange[]; en: HighlightRange[] };
  }) =>
    hit.titleHighlights[lang].length === 0 && hit.titleHighlights[other].length > 0 ? (
      <Highlighted text={hit.title[other]} ranges={hit.titleHighlights[other]} />
    ) : null;

  useEffect(() => {
    const query = text.trim();
    const ticket = ++latest.current;
    if (query === '') return;
    const timer = setTimeout(() => {
      void api.invoke('search.query', { text: query, limit: 8 }).then((reply) => {
        if (ticket !== latest.current || !reply.ok) return;
        setResults(reply.value);
        setActive(-1);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, text]);

  const choices: Choice[] = results
    ? [
        ...results.courses.map((hit) => ({ type: 'course' as const, courseId: hit.courseId })),
        ...results.lessons.map((hit) => ({ type: 'lesson' as const, courseId: hit.courseId, lessonId: hit.lessonId })),
      ]
    : [];
  const expanded = open && results !== null;

  const choose = (choice: Choice | undefined) => {
    if (!choice) return;
    setOpen(false);
    onChoose(choice);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(choices.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(-1, i - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // An option picked with the arrow keys opens; otherwise Enter searches.
      if (expanded && active >= 0) choose(choices[active]);
      else if (text.trim() !== '') {
        setOpen(false);
        onSearch(text.trim());
      }
    } else if (event.key === 'Escape') {
      if (open) setOpen(false);
      else setText('');
    }
  };
  const optionId = (index: number) => `${listId}-${index}`;

  return (
    <div className="search" onBlur={(event) => !event.currentTarget.contains(event.relatedTarget) && setOpen(false)}>
      <input
        type="search"
        className="search__input"
        role="combobox"
        aria-label={t('search.label')}
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 && choices.length > 0 ? optionId(active) : undefined}
        placeholder={t('search.placeholder')}
        value={text}
        maxLength={200}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {expanded && (
        <div className="search__popup">
          <div id={listId} role="listbox" aria-label={t('search.results')}>
            {choices.length === 0 ? (
              <p className="search__empty" role="status">
                {t('search.none', { query: results.query })}
              </p>
            ) : (
              <>
                {results.courses.length > 0 && (
                  <div className="search__group" role="presentation">
                    {t('search.courses')}
                  </div>
                )}
                {results.courses.map((hit, index) => (
                  <div
                    key={hit.courseId}
                    id={optionId(index)}
                    role="option"
                    aria-selected={active === index}
                    className="search__option"
                    data-testid="search-course"
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => choose(choices[index])}
                  >
                    <span className="search__title">
                      <Highlighted text={localized(hit.title, language)} ranges={hit.titleHighlights[lang]} />
                    </span>
                    <span className="search__meta">
                      {otherTitle(hit) ?? (
                        <Highlighted text={localized(hit.subtitle, language)} ranges={hit.subtitleHighlights[lang]} />
                      )}
                    </span>
                  </div>
                ))}
                {results.lessons.length > 0 && (
                  <div className="search__group" role="presentation">
                    {t('search.lessons')}
                  </div>
                )}
                {results.lessons.map((hit, i) => {
                  const index = results.courses.length + i;
                  return (
                    <div
                      key={hit.lessonId}
                      id={optionId(index)}
                      role="option"
                      aria-selected={active === index}
                      className="search__option"
                      data-testid="search-lesson"
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => choose(choices[index])}
                    >
                      <span className="search__title">
                        <span className="search__kind">{t(`course.kind_${hit.kind}`)}</span>{' '}
                        <Highlighted text={localized(hit.title, language)} ranges={hit.titleHighlights[lang]} />
                      </span>
                      <span className="search__meta">
                        {hit.snippet ? (
                          <Highlighted text={hit.snippet.text} ranges={hit.snippet.highlights} />
                        ) : (
                          (otherTitle(hit) ?? localized(hit.courseTitle, language))
                        )}
                      </span>
                    </div>
                  );
                })}
              </>
            )}
          </div>
          <button
            type="button"
            className="search__all"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setOpen(false);
              onSearch(text.trim());
            }}
          >
            {t('search.all', { query: text.trim() })}
          </button>
        </div>
      )}
    </div>
  );
}
