import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenedLesson } from '../../../common/contract/learning.js';
import type { ApiError } from '../../../common/errors.js';
import { useApi, useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { ProgressBar } from '../components/StarRating.js';
import { localized } from '../screens/format.js';
import type { Anchor, LessonHandle } from './lesson-handle.js';
import { MarkdownReader } from './MarkdownReader.js';
import { MediaPlayer } from './MediaPlayer.js';
import { NotesPanel } from './NotesPanel.js';
import { PdfViewer } from './PdfViewer.js';

/** One lesson to study: the reader or player, notes beside it, previous and next in the outline. */
export function LessonView({ courseId, lessonId, at }: { courseId: string; lessonId: string; at?: number }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigation = useNavigation();
  const language = i18n.language;
  const detail = useSubscription('catalog.watchCourse', { courseId }).value;
  const downloads = useSubscription('downloads.watch', {}).value;
  const session = useSubscription('account.watchSession', {}).value;
  const notes = useSubscription('notes.watch', { courseId, lessonId }).value ?? [];
  const [opened, setOpened] = useState<OpenedLesson | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const handle = useRef<LessonHandle>(null);

  useEffect(() => {
    let active = true;
    void api.invoke('lessons.open', { lessonId }).then((reply) => {
      if (!active) return;
      if (reply.ok) setOpened(at === undefined ? reply.value : { ...reply.value, resumeAt: at });
      else setError(reply.error);
    });
    return () => {
      active = false;
    };
  }, [api, lessonId, attempt, at]);

  const onPosition = useCallback(
    (position: number, length: number) =>
      void api.invoke('progress.save', { lessonId, position, ...(length > 0 ? { length } : {}) }),
    [api, lessonId],
  );

  const ordered = detail ? detail.course.sections.flatMap((section) => section.lessonIds) : [];
  const index = ordered.indexOf(lessonId);
  const lesson = detail?.lessons.find((l) => l.id === lessonId);
  const download = downloads?.items.find((item) => item.lessonId === lessonId);
  const neighbour = (offset: number) => ordered[index + offset];
  const jump = (anchor: Anchor) => handle.current?.jumpTo(anchor);
  const currentAnchor = (): Anchor => handle.current?.currentAnchor() ?? { type: 'text', start: 0 };
  const signedIn = session?.status === 'signed-in';

  return (
    <section className="screen lesson" aria-labelledby="lesson-title">
      <nav className="lesson__nav" aria-label={t('lesson.navigation')}>
        <button type="button" className="button button--link" onClick={() => navigation.openCourse(courseId)}>
          ← {detail ? localized(detail.course.title, language) : t('course.back')}
        </button>
        <span className="lesson__steps">
          <button
            type="button"
            className="button button--small"
            disabled={!neighbour(-1)}
            onClick={() => navigation.openLesson(courseId, neighbour(-1)!)}
          >
            {t('lesson.previous')}
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={!neighbour(1)}
            onClick={() => navigation.openLesson(courseId, neighbour(1)!)}
          >
            {t('lesson.next')}
          </button>
        </span>
      </nav>
      <h1 id="lesson-title" className="lesson__title">
        {lesson ? localized(lesson.title, language) : '…'}
      </h1>
      <div className="lesson__layout">
        <div className="lesson__main">
          {error ? (
            <div className="banner banner--error" role="alert">
              <p>{t(`errors.${error.code}`)}</p>
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  setError(null);
                  setAttempt((n) => n + 1);
                }}
              >
                {t('lesson.retry')}
              </button>
            </div>
          ) : !opened ? (
            <div className="lesson__loading" role="status">
              <p>{download && download.status === 'downloading' ? t('lesson.downloading') : t('lesson.opening')}</p>
              {download && (
                <ProgressBar
                  value={download.bytes > 0 ? download.received / download.bytes : 0}
                  label={t('downloads.progress')}
                />
              )}
            </div>
          ) : opened.lesson.kind === 'text' ? (
            <MarkdownReader
              ref={handle}
              text={opened.text ?? ''}
              resumeAt={opened.resumeAt}
              onPosition={onPosition}
              highlights={notes.filter((n) => n.kind === 'highlight')}
            />
          ) : opened.lesson.kind === 'pdf' ? (
            <PdfViewer
              ref={handle}
              src={opened.mediaPath!}
              watermark={opened.watermark}
              resumeAt={opened.resumeAt}
              onPosition={onPosition}
            />
          ) : (
            <MediaPlayer
              ref={handle}
              src={opened.mediaPath!}
              kind={opened.lesson.kind}
              watermark={opened.watermark}
              title={localized(opened.lesson.title, language)}
              resumeAt={opened.resumeAt}
              onPosition={onPosition}
            />
          )}
        </div>
        {signedIn ? (
          <NotesPanel
            lessonId={lessonId}
            notes={notes}
            currentAnchor={currentAnchor}
            onJump={jump}
            canHighlight={opened?.lesson.kind === 'text'}
          />
        ) : (
          <aside className="notes-panel">
            <p className="card__meta">{t('notes.signIn')}</p>
          </aside>
        )}
      </div>
    </section>
  );
}
