import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOperation, useSubscription } from '../api/hooks.js';

/**
 * Above every screen when the device's secrets need the learner: once at start when there is
 * no system keychain (secrets are kept in protected files instead; the learner may choose to
 * sign in at each start), and whenever a secret could not be opened (left untouched on disk).
 */
export function SecretStorageNotice() {
  const { t } = useTranslation();
  const status = useSubscription('secrets.watch', {}).value;
  const choose = useOperation('secrets.choose');
  if (!status) return null;
  return (
    <>
      {status.problems.map((problem) => (
        <div key={problem} className="banner banner--warn" role="alert" data-testid={`secret-problem-${problem}`}>
          {t(`secrets.problem.${problem}`)}
        </div>
      ))}
      {status.noticePending && (
        <section
          className="banner banner--info secret-notice"
          role="dialog"
          aria-labelledby="secret-notice-title"
          data-testid="secret-notice"
        >
          <h2 id="secret-notice-title" className="secret-notice__title">
            {t('secrets.noticeTitle')}
          </h2>
          <p>{t('secrets.noticeBody')}</p>
          <div className="secret-notice__actions">
            <button
              type="button"
              className="button button--primary"
              disabled={choose.running}
              onClick={() => void choose.run({ keepSignIn: true })}
            >
              {t('secrets.keepSignIn')}
            </button>
            <button
              type="button"
              className="button"
              disabled={choose.running}
              onClick={() => void choose.run({ keepSignIn: false })}
            >
              {t('secrets.signInEachTime')}
            </button>
          </div>
          <p className="field-group__help">{t('secrets.noticeLater')}</p>
        </section>
      )}
    </>
  );
}

/** Settings: how this device keeps its secrets, and the choice where there is no keychain. */
export function SecretStorageSettings() {
  const { t } = useTranslation();
  const status = useSubscription('secrets.watch', {}).value;
  const choose = useOperation('secrets.choose');
  /** Shown at once while the core saves it; the pushed status takes over after its reply. */
  const [chosen, setChosen] = useState<boolean>();
  if (!status) return null;
  const keepSignIn = chosen ?? status.keepSignIn;
  const pick = (keep: boolean) => {
    setChosen(keep);
    void choose.run({ keepSignIn: keep }).finally(() => setChosen(undefined));
  };
  const keychain = status.storage === 'os-keychain';
  return (
    <fieldset className="field-group" data-testid="secret-settings">
      <legend className="field-group__title">{t('secrets.title')}</legend>
      <p className="field-group__help">
        {keychain ? t('secrets.inKeychain') : t('secrets.inFiles')}
        {status.backend && status.backend !== 'unknown' && <span className="mono"> ({status.backend})</span>}
      </p>
      {!keychain && (
        <div className="segmented">
          {([true, false] as const).map((keep) => (
            <label key={String(keep)} className="segmented__option">
              <input type="radio" name="keep-sign-in" checked={keepSignIn === keep} onChange={() => pick(keep)} />
              <span>{keep ? t('secrets.keepSignIn') : t('secrets.signInEachTime')}</span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
