import { ContentPacks } from './ContentPacks.js';
import { useTranslation } from 'react-i18next';
import type { DownloadItem } from '../../../common/contract/downloads.js';
import { useOperation, useSubscription } from '../api/hooks.js';
import { ProgressBar } from '../components/StarRating.js';
import { formatBytes, localized } from './format.js';

/** What is on this device: per course and lesson, with progress, pause/resume and delete, and storage used as a chart. */
export function DownloadsScreen() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const view = useSubscription('downloads.watch', {}).value;
  const courses = useSubscription('catalog.watchCourses', { sort: 'newest', limit: 500 }).value;
  const start = useOperation('downloads.start');
  const pause = useOperation('downloads.pause');
  const remove = useOperation('downloads.remove');
  const removeCourse = useOperation('downloads.removeCourse');
  const offline = useSubscription('library.watchOfflineAccess', {}).value;
  const library = useSubscription('library.watch', {}).value;
  const ownedCourses = (library?.courses ?? []).map((entry) => ({ id: entry.course.id, title: entry.course.title }));

  const byCourse = new Map<string, DownloadItem[]>();
  for (const item of view?.items ?? []) byCourse.set(item.courseId, [...(byCourse.get(item.courseId) ?? []), item]);
  const titleOf = (courseId: string) => {
    const course = courses?.courses.find((c) => c.id === courseId);
    return course ? localized(course.title, language) : courseId;
  };
  const sizeOf = (items: DownloadItem[]) =>
    items.filter((i) => i.status === 'complete').reduce((sum, i) => sum + i.bytes, 0);
  const largest = Math.max(1, ...[...byCourse.values()].map(sizeOf));

  return (
    <section className="screen" aria-labelledby="downloads-title">
      <header className="catalog-header">
        <h1 id="downloads-title">{t('downloads.title')}</h1>
        {view && (
          <p className="card__meta" data-testid="downloads-total">
            {t('downloads.total', { size: formatBytes(view.totalBytes, language) })}
          </p>
        )}
      </header>
      {offline && offline.state !== 'ok' && (
        <p className={offline.state === 'go-online' ? 'banner banner--error' : 'banner banner--warn'} role="status">
          {offline.state === 'go-online'
            ? t('downloads.goOnline')
            : t('downloads.expiresSoon', { count: offline.daysLeft })}
        </p>
      )}
      {!view ? (
        <div className="skeleton skeleton--tall" aria-hidden="true" />
      ) : byCourse.size === 0 ? (
        <p className="empty-state">{t('downloads.empty')}</p>
      ) : (
        <>
          <figure className="storage-chart" aria-label={t('downloads.chart')}>
            {[...byCourse.entries()].map(([courseId, items]) => (
              <div key={courseId} className="rating-bars__row">
                <span className="rating-bars__label storage-chart__label">{titleOf(courseId)}</span>
                <span className="rating-bars__track">
                  <span className="rating-bars__fill" style={{ width: `${(sizeOf(items) / largest) * 100}%` }} />
                </span>
                <span className="rating-bars__count">{formatBytes(sizeOf(items), language)}</span>
              </div>
            ))}
          </figure>
          {[...byCourse.entries()].map(([courseId, items]) => (
            <section
              key={courseId}
              className="card downloads-course"
              aria-label={titleOf(courseId)}
              data-testid="downloads-course"
            >
              <div className="card__header">
                <h2>{titleOf(courseId)}</h2>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void removeCourse.run({ courseId })}
                >
                  {t('downloads.deleteCourse')}
                </button>
              </div>
              <ul className="downloads-list">
                {items.map((item) => (
                  <li key={item.lessonId} className="download-item" data-testid="download-item">
                    <span className="download-item__name">
                      {item.title ? localized(item.title, language) : item.lessonId}
                    </span>
                    <ProgressBar
                      value={item.bytes > 0 ? item.received / item.bytes : 1}
                      label={t('downloads.progress')}
                    />
                    <span className="card__meta">
                      {t(`downloads.status_${item.status}`)} ·{' '}
                      {formatBytes(item.status === 'complete' ? item.bytes : item.received, language)}
                      {item.status !== 'complete' && ` / ${formatBytes(item.bytes, language)}`}
                    </span>
                    <span className="download-item__actions">
                      {item.status === 'downloading' && (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => void pause.run({ lessonId: item.lessonId })}
                        >
                          {t('downloads.pause')}
                        </button>
                      )}
                      {(item.status === 'paused' || item.status === 'failed') && (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => void start.run({ lessonId: item.lessonId })}
                        >
                          {t('downloads.resume')}
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button--small button--link"
                        onClick={() => void remove.run({ lessonId: item.lessonId })}
                      >
                        {t('downloads.delete')}
                      </button>
                    </span>
                    {item.problem && item.status !== 'complete' && item.status !== 'downloading' && (
                      <span className="download-item__problem" role="status" data-testid="download-problem">
                        {item.problem === 'SERVER_UNREACHABLE' && item.status === 'paused'
                          ? t('downloads.resumesByItself', { problem: t(`errors.${item.problem}`) })
                          : t(`errors.${item.problem}`)}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
      <ContentPacks ownedCourses={ownedCourses} />
    </section>
  );
}
