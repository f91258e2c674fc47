import { useTranslation } from 'react-i18next';
import type { CourseDoc, LessonDoc } from '../../../common/collections/index.js';
import type { DownloadItem } from '../../../common/contract/downloads.js';
import { useNavigation } from '../app/navigation.js';
import { formatBytes, formatDuration, localized } from '../screens/format.js';

/**
 * The course's sections and lessons with their kinds and lengths: lessons the learner may
 * open are buttons; free previews, finished lessons and what is on the device are marked.
 */
export function CourseOutline({
  course,
  lessons,
  canOpen,
  done,
  downloadOf,
}: {
  course: CourseDoc;
  lessons: LessonDoc[];
  canOpen: (lesson: LessonDoc) => boolean;
  done: ReadonlySet<string>;
  downloadOf: (lessonId: string) => DownloadItem | undefined;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const navigation = useNavigation();
  const byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const upcoming = course.upcoming ?? [];
  return (
    <section aria-labelledby="outline-title" data-testid="course-outline">
      <h2 id="outline-title" className="field-group__title">
        {t('course.outline')}
      </h2>
      <p className="card__meta">
        {t('course.outlineSummary', { sections: course.sections.length, count: course.lessonCount })}
        {course.durationSeconds > 0 && ` · ${formatDuration(course.durationSeconds, language)}`}
      </p>
      {course.sections.map((section) => {
        const sectionLessons = section.lessonIds.flatMap((id) => byId.get(id) ?? []);
        const seconds = sectionLessons.reduce((sum, lesson) => sum + lesson.durationSeconds, 0);
        return (
          <div key={section.id} className="outline-section">
            <h3>
              <span>{localized(section.title, language)}</span>
              <span className="card__meta">
                {t('catalog.lessons', { count: sectionLessons.length })}
                {seconds > 0 && ` · ${formatDuration(seconds, language)}`}
              </span>
            </h3>
            <ol className="outline-lessons">
              {sectionLessons.map((lesson) => {
                const download = downloadOf(lesson.id);
                const title = localized(lesson.title, language);
                return (
                  <li key={lesson.id} className="outline-lesson">
                    <span className="outline-lesson__kind">{t(`course.kind_${lesson.kind}`)}</span>
                    {canOpen(lesson) ? (
                      <button
                        type="button"
                        className="button button--link outline-lesson__open"
                        onClick={() => navigation.openLesson(course.id, lesson.id)}
                      >
                        {title}
                      </button>
                    ) : (
                      <span className="outline-lesson__locked">{title}</span>
                    )}
                    <span className="outline-lesson__badges">
                      {lesson.freePreview && <span className="badge">{t('course.preview')}</span>}
                      {done.has(lesson.id) && <span className="badge badge--ok">{t('course.done')}</span>}
                      {download?.status === 'complete' && (
                        <span className="badge" title={formatBytes(download.bytes, language)}>
                          {t('downloads.downloaded')}
                        </span>
                      )}
                      {download?.status === 'downloading' && (
                        <span className="badge">
                          {Math.round((download.received / Math.max(1, download.bytes)) * 100)}%
                        </span>
                      )}
                    </span>
                    {lesson.durationSeconds > 0 && (
                      <span className="outline-lesson__duration card__meta">
                        {formatDuration(lesson.durationSeconds, language)}
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          </div>
        );
      })}
      {upcoming.length > 0 && (
        <div className="outline-section" data-testid="upcoming-lessons">
          <h3>
            <span>{t('columns.upcoming')}</span>
            <span className="card__meta">{t('catalog.lessons', { count: upcoming.length })}</span>
          </h3>
          <ol className="outline-lessons">
            {upcoming.map((entry) => (
              <li key={entry.lessonId} className="outline-lesson outline-lesson--upcoming">
                <span className="outline-lesson__kind">{t('columns.soon')}</span>
                <span>{localized(entry.title, language)}</span>
                <span className="card__meta">
                  {t('columns.releasesOn', {
                    date: new Date(entry.releaseAt).toLocaleString(language, {
                      dateStyle: 'medium',
                      timeStyle: 'short',
                    }),
                  })}
                </span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
