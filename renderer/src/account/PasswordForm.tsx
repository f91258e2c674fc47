import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN } from '../../../common/contract/session.js';
import { useOperation } from '../api/hooks.js';
import { FormMessage } from '../components/FormMessage.js';
import { useFormMessage } from '../app/form-message.js';

/** Change the password with the current one; every other device then signs in again. */
export function PasswordForm() {
  const { t } = useTranslation();
  const change = useOperation('account.changePassword');
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [message, setMessage] = useFormMessage();
  const ids = { current: useId(), next: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (newPassword.length < PASSWORD_MIN) {
      setMessage({ key: 'account.rule_passwordShort', values: { min: PASSWORD_MIN }, error: true });
      return;
    }
    const reply = await change.run({ currentPassword, newPassword });
    if (reply.ok) {
      setCurrent('');
      setNew('');
    }
    setMessage(
      reply.ok
        ? { key: 'account.passwordChanged', error: false }
        : {
            key:
              reply.error.code === 'INVALID_CREDENTIALS'
                ? 'account.currentPasswordWrong'
                : `errors.${reply.error.code}`,
            error: true,
          },
    );
  };

  return (
    <form className="field-group account-section" onSubmit={(event) => void submit(event)} data-testid="password-form">
      <h2 className="field-group__title">{t('account.changePassword')}</h2>
      <div className="field">
        <label htmlFor={ids.current}>{t('account.currentPassword')}</label>
        <input
          id={ids.current}
          className="text-input"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.next}>{t('account.newPassword')}</label>
        <input
          id={ids.next}
          className="text-input"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
        />
        <p className="field-group__help">{t('account.passwordRule', { min: PASSWORD_MIN })}</p>
      </div>
      <div className="inline-form">
        <button type="submit" className="button" disabled={change.running || currentPassword === ''}>
          {t('account.changePassword')}
        </button>
        <FormMessage message={message} />
      </div>
    </form>
  );
}
