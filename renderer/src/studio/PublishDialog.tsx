import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishChange } from '../../../common/authoring/publish-changes.js';
import type { DraftView } from '../../../common/contract/authoring.js';
import { formatPrice, localized } from '../screens/format.js';

/**
 * Asks before publishing, and says what learners will see change: a first publish, or each
 * field, price, chapter and lesson that differs from the live version; advice (a paid course
 * with nothing free to try) is shown, never enforced. A modal `<dialog>`: Escape cancels,
 * focus stays inside, and returns to the Publish button when it closes.
 */
export function PublishDialog({
  view,
  running,
  onConfirm,
  onClose,
}: {
  view: DraftView;
  running: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const title = localized(view.draft.title, language) || t('studio.untitled');
  const first = view.changes.find((change) => change.kind === 'first-publish');

  return (
    <dialog
      ref={dialog}
      className="dialog publish-dialog"
      aria-labelledby="publish-dialog-title"
      data-testid="publish-dialog"
      onClose={onClose}
    >
      <h2 id="publish-dialog-title">{t('studio.confirmTitle', { title })}</h2>
      {first ? (
        <p>{t('studio.confirmFirst', { count: first.lessons })}</p>
      ) : view.changes.length === 0 ? (
        <p>{t('studio.confirmNothing')}</p>
      ) : (
        <>
          <p>{t('studio.confirmLead')}</p>
          <ul className="publish-dialog__changes" data-testid="publish-changes">
            {view.changes.map((change, i) => (
              <li key={i}>
                <ChangeLine change={change} />
              </li>
            ))}
          </ul>
        </>
      )}
      {view.advice.map((advice) => (
        <p key={advice.code} className="banner banner--warn" data-testid="publish-advice">
          {t(`studio.advice_${advice.code}`)}
        </p>
      ))}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={() => dialog.current?.close()}>
          {t('studio.cancel')}
        </button>
        <button type="button" className="button button--primary" disabled={running} onClick={onConfirm}>
          {running ? t('studio.publishing') : t('studio.confirmPublish')}
        </button>
      </div>
    </dialog>
  );
}

function ChangeLine({ change }: { change: PublishChange }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  switch (change.kind) {
    case 'first-publish':
      return <>{t('studio.confirmFirst', { count: change.lessons })}</>;
    case 'sections':
      return <>{t('studio.changeSections')}</>;
    case 'price':
      return (
        <BeforeAfter
          label={t('studio.change_price')}
          before={formatPrice(change.before.amount, change.before.currency, language)}
          after={formatPrice(change.after.amount, change.after.currency, language)}
        />
      );
    case 'field': {
      const label = t(`studio.change_${change.field}`);
      if (!change.before || !change.after) return <>{t('studio.changedField', { field: label })}</>;
      return (
        <BeforeAfter
          label={label}
          before={localized(change.before, language)}
          after={localized(change.after, language)}
        />
      );
    }
    case 'lesson':
      return <>{t(`studio.lesson_${change.change}`, { title: localized(change.title, language) })}</>;
  }
}

function BeforeAfter({ label, before, after }: { label: string; before: string; after: string }) {
  return (
    <>
      {label}: <del>{before || '—'}</del> → <ins>{after || '—'}</ins>
    </>
  );
}
