import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonDoc } from '../../../common/collections/index.js';
import type { OpenedLesson } from '../../../common/contract/learning.js';
import type { SeenRange } from '../../../common/learning/seen-ranges.js';
import type { ApiError } from '../../../common/errors.js';
import { useApi, useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { ProgressBar } from '../components/StarRating.js';
import { localized } from '../screens/format.js';
import type { Anchor, LessonHandle } from './lesson-handle.js';
import { LessonOutline } from './LessonOutline.js';
import { MarkdownReader } from './MarkdownReader.js';
import { MediaPlayer } from './MediaPlayer.js';
import { NotesPanel } from './NotesPanel.js';

const OUTLINE_KEY = 'zhiku.lessonOutline';
// PDF.js is large: it loads with the first PDF lesson opened, not with the app.
const PdfViewer = lazy(() => import('./PdfViewer.js').then((m) => ({ default: m.PdfViewer })));
// Exercises bring KaTeX: loaded with the first exercise opened, not with the app.
const ExerciseView = lazy(() => import('../exercise/ExerciseView.js').then((m) => ({ default: m.ExerciseView })));
const ExamView = lazy(() => import('../exercise/ExamView.js').then((m) => ({ default: m.ExamView })));

/** The text of a Markdown document's first line when it is a level-1 heading. */
function firstHeading(markdown: string): string | null {
  const match = /^#\s+(.+?)\s*#*\s*$/m.exec(markdown.trimStart().split('\n')[0] ?? '');
  return match?.[1] ?? null;
}

/**
 * One lesson to study: the course outline beside it (folding away), the reader or player,
 * notes, previous and next among the lessons the learner may open, and "mark complete".
 */
export function LessonView({ courseId, lessonId, at }: { courseId: string; lessonId: string; at?: number }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigation = useNavigation();
  const language = i18n.language;
  const detail = useSubscription('catalog.watchCourse', { courseId }).value;
  const downloads = useSubscription('downloads.watch', {}).value;
  const session = useSubscription('account.watchSession', {}).value;
  const notes = useSubscription('notes.watch', { courseId, lessonId }).value ?? [];
  const progress = useSubscription('progress.watchCourse', { courseId }).value;
  const access = useSubscription('library.watchCourseAccess', { courseId }).value;
  const outlineId = useId();
  // Open beside the lesson on a wide window, folded away on a narrow one, unless the learner chose.
  const [outlineOpen, setOutlineOpen] = useState(() => {
    const chosen = localStorage.getItem(OUTLINE_KEY);
    return chosen === null ? window.innerWidth >= 1280 : chosen === 'open';
  });
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
    (position: number, length: number, seen: SeenRange[]) =>
      void api.invoke('progress.save', {
        lessonId,
        position,
        ...(length > 0 ? { length } : {}),
        ...(seen.length > 0 ? { seen } : {}),
      }),
    [api, lessonId],
  );

  const ordered = detail ? detail.course.sections.flatMap((section) => section.lessonIds) : [];
  const index = ordered.indexOf(lessonId);
  const lesson = detail?.lessons.find((l) => l.id === lessonId);
  const download = downloads?.items.find((item) => item.lessonId === lessonId);
  const jump = (anchor: Anchor) => handle.current?.jumpTo(anchor);
  const currentAnchor = (): Anchor => handle.current?.currentAnchor() ?? { type: 'text', start: 0 };
  const signedIn = session?.status === 'signed-in';
  const ownCourse = signedIn && detail !== undefined && detail !== null && session.user?.id === detail.course.creatorId;
  const canOpen = (candidate: LessonDoc) =>
    candidate.freePreview || Boolean(access?.owned) || detail?.course.priceAmount === 0 || ownCourse;
  const neighbour = (offset: number) => {
    for (let i = index + offset; i >= 0 && i < ordered.length; i += offset) {
      const candidate = detail?.lessons.find((l) => l.id === ordered[i]);
      if (candidate && canOpen(candidate)) return candidate.id;
    }
    return undefined;
  };
  const entry = progress?.lessons.find((item) => item.lessonId === lessonId);
  const title = lesson ? localized(lesson.title, language) : '…';
  // A text lesson that opens with its own title as a heading shows it once (the page keeps its h1 for screen readers).
  const titleInText = opened?.lesson.kind === 'text' && firstHeading(opened.text ?? '') === title;
  const toggleOutline = () =>
    setOutlineOpen((open) => {
      localStorage.setItem(OUTLINE_KEY, open ? 'closed' : 'open');
      return !open;
    });
  const markComplete = (completed: boolean) =>
    void api.invoke('progress.save', {
      lessonId,
      position: entry?.positionSeconds ?? 0,
      completed,
    });

  return (
    <section className="screen lesson" aria-labelledby="lesson-title">
      <div className="lesson__nav" role="toolbar" aria-label={t('lesson.navigation')}>
        <button
          type="button"
          className="button button--small"
          aria-expanded={outlineOpen}
          aria-controls={outlineId}
          onClick={toggleOutline}
        >
          {outlineOpen ? t('lesson.hideOutline') : t('lesson.showOutline')}
        </button>
        <button
          type="button"
          className="button button--link lesson__back"
          onClick={() => navigation.openCourse(courseId)}
        >
          ← {detail ? localized(detail.course.title, language) : t('course.back')}
        </button>
        <span className="lesson__steps">
          {index >= 0 && (
            <span className="card__meta" data-testid="lesson-position">
              {t('lesson.position', { index: index + 1, count: ordered.length })}
            </span>
          )}
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
      </div>
      <div className="lesson__head">
        <h1 id="lesson-title" className={titleInText ? 'visually-hidden' : 'lesson__title'} tabIndex={-1}>
          {title}
        </h1>
        {/* Exercises complete by mastery and exams by passing, never by saying so. */}
        {signedIn && lesson && lesson.kind !== 'exercise' && lesson.kind !== 'exam' && (
          <button
            type="button"
            className={entry?.completed ? 'button button--small button--done' : 'button button--small'}
            aria-pressed={Boolean(entry?.completed)}
            onClick={() => markComplete(!entry?.completed)}
            data-testid="mark-complete"
          >
            {entry?.completed ? t('lesson.completed') : t('lesson.markComplete')}
          </button>
        )}
      </div>
      <div className={outlineOpen ? 'lesson__layout lesson__layout--outline' : 'lesson__layout'}>
        <div id={outlineId} className="lesson__outline" hidden={!outlineOpen}>
          {detail && (
            <LessonOutline
              course={detail.course}
              lessons={detail.lessons}
              currentId={lessonId}
              progress={progress}
              canOpen={canOpen}
            />
          )}
        </div>
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
          ) : opened.lesson.kind === 'exercise' ? (
            <Suspense fallback={<div className="skeleton skeleton--tall" aria-hidden="true" />}>
              <ExerciseView lessonId={lessonId} body={opened.text ?? ''} />
            </Suspense>
          ) : opened.lesson.kind === 'exam' ? (
            <Suspense fallback={<div className="skeleton skeleton--tall" aria-hidden="true" />}>
              <ExamView lessonId={lessonId} />
            </Suspense>
          ) : opened.lesson.kind === 'pdf' ? (
            <Suspense fallback={<div className="skeleton skeleton--tall" aria-hidden="true" />}>
              <PdfViewer
                ref={handle}
                src={opened.mediaPath!}
                watermark={opened.watermark}
                resumeAt={opened.resumeAt}
                onPosition={onPosition}
              />
            </Suspense>
          ) : (
            <MediaPlayer
              ref={handle}
              src={opened.mediaPath!}
              kind={opened.lesson.kind === 'audio' ? 'audio' : 'video'}
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
