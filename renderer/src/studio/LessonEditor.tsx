import { ReleaseField } from './ReleaseField.js';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftLesson } from '../../../common/collections/index.js';
import { useApi, useSubscription } from '../api/hooks.js';
import { ProgressBar } from '../components/StarRating.js';
import { MarkdownReader } from '../lesson/MarkdownReader.js';
import { formatBytes } from '../screens/format.js';
import { sendFile } from './send-file.js';
import { ExerciseEditor, readExerciseDraft } from './ExerciseEditor.js';
import { ExamEditor, readExamDraft } from './ExamEditor.js';

const ACCEPT: Record<DraftLesson['kind'], string> = {
  text: '',
  pdf: 'application/pdf,.pdf',
  audio: 'audio/*,.m4a,.mp3,.ogg,.webm',
  video: 'video/mp4,video/webm,.mp4,.webm',
  exercise: '',
  exam: '',
};

/** Reads an audio or video file's length in the page, from a local blob (nothing leaves the device). */
function mediaDuration(file: File, kind: DraftLesson['kind']): Promise<number | undefined> {
  if (kind !== 'audio' && kind !== 'video') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const element = document.createElement(kind);
    const url = URL.createObjectURL(file);
    const done = (value: number | undefined) => {
      URL.revokeObjectURL(url);
      resolve(value);
    };
    element.preload = 'metadata';
    element.onloadedmetadata = () => done(Number.isFinite(element.duration) ? Math.round(element.duration) : undefined);
    element.onerror = () => done(undefined);
    element.src = url;
  });
}

/** One lesson: title, free preview, Markdown with a live preview, or the media file with upload progress. */
export function LessonEditor({
  courseId,
  lesson,
  onRemoved,
}: {
  courseId: string;
  lesson: DraftLesson;
  onRemoved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const uploads = useSubscription('drafts.watchUploads', {}).value ?? [];
  const [text, setText] = useState(lesson.text ?? '');
  const [titles, setTitles] = useState(lesson.title);
  // Shown at once; the saved draft catches up a moment later.
  const [freePreview, setFreePreview] = useState(lesson.freePreview);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState<number | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const ids = { zh: useId(), en: useId(), text: useId(), file: useId() };
  const upload = uploads.find((u) => u.lessonId === lesson.id);

  const patch = (fields: Record<string, unknown>) =>
    void api
      .invoke('drafts.updateLesson', { courseId, lessonId: lesson.id, ...fields })
      .then((reply) => setError(reply.ok ? null : t(`errors.${reply.error.code}`)));
  // Text autosaves a moment after typing stops.
  const onText = (value: string) => {
    setText(value);
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(
      () => patch({ text: value, durationSeconds: Math.max(60, Math.round(value.length / 5)) }),
      600,
    );
  };
  useEffect(() => () => clearTimeout(saveTimer.current), []);
  const panel = useRef<HTMLElement>(null);
  // The editor opens below the outline: bring it into view when a lesson is chosen.
  useEffect(() => {
    // (Recent Chromium returns a promise from scrollIntoView: never hand it to React as a cleanup.)
    void panel.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, []);

  const chooseFile = async (file: File) => {
    setError(null);
    const duration = await mediaDuration(file, lesson.kind);
    const failed = await sendFile(api, { courseId, lessonId: lesson.id }, file, setSending, duration);
    if (failed) setError(failed.message || t(`errors.${failed.code}`));
    setSending(null);
  };

  return (
    <section ref={panel} className="card lesson-editor" aria-labelledby={`${ids.zh}-h`} data-testid="lesson-editor">
      <div className="card__header">
        <h2 id={`${ids.zh}-h`}>{t('studio.editLesson', { kind: t(`course.kind_${lesson.kind}`) })}</h2>
        <button
          type="button"
          className="button button--small"
          onClick={() => void api.invoke('drafts.removeLesson', { courseId, lessonId: lesson.id }).then(onRemoved)}
        >
          {t('studio.removeLesson')}
        </button>
      </div>
      <div className="editor__row">
        <div className="field">
          <label htmlFor={ids.zh}>{t('studio.titleZh')}</label>
          <input
            id={ids.zh}
            className="text-input"
            value={titles.zh}
            onChange={(e) => setTitles({ ...titles, zh: e.target.value })}
            onBlur={() => patch({ title: titles })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.en}>{t('studio.titleEn')}</label>
          <input
            id={ids.en}
            className="text-input"
            value={titles.en}
            onChange={(e) => setTitles({ ...titles, en: e.target.value })}
            onBlur={() => patch({ title: titles })}
          />
        </div>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={freePreview}
          onChange={(e) => {
            setFreePreview(e.target.checked);
            patch({ freePreview: e.target.checked });
          }}
        />{' '}
        {t('studio.freePreview')}
      </label>
      <ReleaseField releaseAt={lesson.releaseAt} onChange={(releaseAt) => patch({ releaseAt })} />
      {lesson.kind === 'exercise' ? (
        <ExerciseEditor
          body={text}
          onSave={(body) => {
            setText(body);
            patch({ text: body, durationSeconds: 60 * Math.max(1, readExerciseDraft(body).questions.length) });
          }}
        />
      ) : lesson.kind === 'exam' ? (
        <ExamEditor
          body={text}
          onSave={(body) => {
            setText(body);
            patch({ text: body, durationSeconds: 60 * (readExamDraft(body).timeLimitMinutes ?? 30) });
          }}
        />
      ) : lesson.kind === 'text' ? (
        <div className="markdown-editor">
          <div className="field">
            <label htmlFor={ids.text}>{t('studio.markdown')}</label>
            <textarea
              id={ids.text}
              className="text-input markdown-editor__input"
              value={text}
              onChange={(e) => onText(e.target.value)}
              onBlur={() => patch({ text })}
              data-testid="markdown-input"
            />
          </div>
          <div className="markdown-editor__preview" aria-label={t('studio.preview')}>
            <MarkdownReader text={text} resumeAt={0} onPosition={() => undefined} highlights={[]} />
          </div>
        </div>
      ) : (
        <div className="media-editor">
          {lesson.media && (
            <p className="card__meta" data-testid="media-info">
              {lesson.media.fileName} · {formatBytes(lesson.media.bytes, i18n.language)}
              {lesson.media.pageCount ? ` · ${t('studio.pages', { count: lesson.media.pageCount })}` : ''}
              {lesson.durationSeconds > 0
                ? ` · ${Math.floor(lesson.durationSeconds / 60)}:${String(lesson.durationSeconds % 60).padStart(2, '0')}`
                : ''}
            </p>
          )}
          <label htmlFor={ids.file} className="button">
            {lesson.media ? t('studio.replaceFile') : t('studio.chooseFile')}
          </label>
          <input
            id={ids.file}
            type="file"
            className="visually-hidden"
            accept={ACCEPT[lesson.kind]}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void chooseFile(file);
            }}
            data-testid="media-file"
          />
          {sending !== null && <ProgressBar value={sending} label={t('studio.preparing')} />}
          {upload && (
            <div role="status" data-testid="upload-status">
              <ProgressBar
                value={upload.bytes > 0 ? upload.received / upload.bytes : 0}
                label={t('studio.uploading')}
              />
              <span className="card__meta">
                {t(`studio.upload_${upload.stage}`)} · {formatBytes(upload.received, i18n.language)} /{' '}
                {formatBytes(upload.bytes, i18n.language)}
              </span>
            </div>
          )}
        </div>
      )}
      {error && (
        <p className="field-message field-message--invalid" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
