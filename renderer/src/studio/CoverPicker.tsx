import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseDraftDoc } from '../../../common/collections/index.js';
import { useApi, useSubscription } from '../api/hooks.js';
import { ProgressBar } from '../components/StarRating.js';
import { sendFile } from './send-file.js';

/** The course's cover: shown from the device at once, uploaded with the course. */
export function CoverPicker({ draft }: { draft: CourseDraftDoc }) {
  const { t } = useTranslation();
  const api = useApi();
  const uploads = useSubscription('drafts.watchUploads', {}).value ?? [];
  const [sending, setSending] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const upload = uploads.find((u) => u.lessonId === `cover:${draft.id}`);

  const choose = async (file: File) => {
    setError(null);
    const failed = await sendFile(api, { courseId: draft.id, lessonId: 'cover' }, file, setSending);
    setSending(null);
    if (failed) setError(failed.message || t(`errors.${failed.code}`));
  };

  return (
    <div className="cover-picker">
      <span className="cover-picker__label">{t('studio.cover')}</span>
      {draft.cover ? (
        <CoverPreview
          key={draft.cover.sha256}
          src={`covers/${draft.id}?v=${draft.cover.sha256.slice(0, 12)}`}
          alt={t('studio.cover')}
        />
      ) : (
        <div className="cover cover--empty" aria-hidden="true" />
      )}
      <label htmlFor={id} className="button button--small">
        {draft.cover ? t('studio.replaceFile') : t('studio.chooseFile')}
      </label>
      <input
        id={id}
        type="file"
        className="visually-hidden"
        accept="image/jpeg,image/png,image/webp"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void choose(file);
        }}
        data-testid="cover-file"
      />
      <span className="field-group__help">{t('studio.coverHelp')}</span>
      {sending !== null && <ProgressBar value={sending} label={t('studio.preparing')} />}
      {upload && upload.stage !== 'done' && (
        <span className="card__meta" role="status">
          {t(`studio.upload_${upload.stage}`)}
        </span>
      )}
      {error && (
        <p className="field-message field-message--invalid" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The chosen cover, from the device. The draft may name a new cover a moment before the core has
 * it in place: a failed load is retried a few times, a little later each time.
 */
function CoverPreview({ src, alt }: { src: string; alt: string }) {
  const [attempt, setAttempt] = useState(0);
  return (
    <img
      className="cover"
      src={attempt === 0 ? src : `${src}&retry=${attempt}`}
      alt={alt}
      data-testid="cover-preview"
      onError={() => {
        if (attempt < 6) setTimeout(() => setAttempt((a) => a + 1), 250 * (attempt + 1));
      }}
    />
  );
}
