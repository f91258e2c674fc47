import { useTranslation } from 'react-i18next';
import type { RecoveryItem } from '../../../common/contract/recovery.js';
import { useOperation, useSubscription } from '../api/hooks.js';
import { localized } from '../screens/format.js';

/**
 * Shown above every screen after the device's database was found damaged and rebuilt from the
 * server: what happened, the changes that had not synced (kept aside), and the learner's choice
 * to restore or dismiss them. Nothing is deleted either way (the damaged file and the record stay).
 */
export function RecoveryNotice() {
  const { t, i18n } = useTranslation();
  const status = useSubscription('recovery.watch', {}).value;
  const restore = useOperation('recovery.restore');
  const dismiss = useOperation('recovery.dismiss');
  if (!status) return null;
  const failed =
    restore.lastReply?.ok === false
      ? restore.lastReply.error.code
      : restore.lastReply?.ok && restore.lastReply.value.failed > 0
        ? 'STORAGE_FAILED'
        : undefined;
  const describe = (item: RecoveryItem) => {
    const course = item.courseTitle ? localized(item.courseTitle, i18n.language) : '';
    const what = item.deleted
      ? t('recovery.deleted')
      : item.collection === 'ratings'
        ? `${'★'.repeat(item.stars ?? 0)}${item.text ? ` “${item.text}”` : ''}`
        : item.text
          ? `“${item.text}”`
          : '';
    return [course, what].filter(Boolean).join(' · ');
  };
  return (
    <section
      className="banner banner--warn recovery"
      role="alert"
      aria-labelledby="recovery-title"
      data-testid="recovery-notice"
    >
      <h2 id="recovery-title" className="recovery__title">
        {t('recovery.title')}
      </h2>
      <p>{t('recovery.what', { date: new Date(status.detectedAt).toLocaleString(i18n.language) })}</p>
      {status.items.length === 0 ? (
        <p>{t('recovery.nothingLost')}</p>
      ) : (
        <>
          <p>{t('recovery.kept', { count: status.items.length })}</p>
          <ul className="recovery__items">
            {status.items.map((item) => (
              <li key={`${item.collection}:${item.id}`}>
                <span className="recovery__kind">{t(`recovery.kind_${item.collection}`)}</span> {describe(item)}
                <span className="recovery__when"> · {new Date(item.updatedAt).toLocaleString(i18n.language)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {failed && <p className="field-message field-message--invalid">{t(`errors.${failed}`)}</p>}
      <div className="recovery__actions">
        {status.items.length > 0 && (
          <button
            type="button"
            className="button button--primary"
            disabled={restore.running}
            onClick={() => void restore.run({ id: status.id })}
          >
            {t('recovery.restore', { count: status.items.length })}
          </button>
        )}
        <button
          type="button"
          className="button"
          disabled={dismiss.running}
          onClick={() => void dismiss.run({ id: status.id })}
        >
          {status.items.length > 0 ? t('recovery.dismiss') : t('recovery.ok')}
        </button>
      </div>
      <p className="recovery__copy">{t('recovery.copyKept', { folder: status.damagedCopy })}</p>
    </section>
  );
}
