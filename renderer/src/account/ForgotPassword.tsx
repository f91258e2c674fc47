import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN } from '../../../common/contract/session.js';
import { useOperation } from '../api/hooks.js';
import { FormMessage } from '../components/FormMessage.js';
import { useFormMessage } from '../app/form-message.js';

/**
 * A forgotten password: the address first (a code is mailed to it), then the code and a
 * new password — after which this device is signed in with it.
 */
export function ForgotPassword({ initialEmail, onBack }: { initialEmail: string; onBack: () => void }) {
  const { t } = useTranslation();
  const request = useOperation('account.requestPasswordReset');
  const reset = useOperation('account.resetPassword');
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [message, setMessage] = useFormMessage();
  const ids = { email: useId(), code: useId(), password: useId() };

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    const reply = await request.run({ email });
    if (reply.ok) {
      setSent(true);
      setMessage({ key: 'account.resetSent', values: { email }, error: false });
    } else
      setMessage({
        key: reply.error.code === 'INVALID_INPUT' ? 'account.rule_emailInvalid' : `errors.${reply.error.code}`,
        error: true,
      });
  };
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (newPassword.length < PASSWORD_MIN) {
      setMessage({ key: 'account.rule_passwordShort', values: { min: PASSWORD_MIN }, error: true });
      return;
    }
    const reply = await reset.run({ email, code, newPassword });
    if (!reply.ok) setMessage({ key: `errors.${reply.error.code}`, error: true });
    // Signed in with the new password: the next sign-out shows the sign-in form again.
    else onBack();
  };

  return (
    <form
      className="settings-panel account-form"
      onSubmit={(event) => void (sent ? confirm(event) : ask(event))}
      noValidate
      data-testid="forgot-password"
    >
      <h2 className="field-group__title">{t('account.forgotTitle')}</h2>
      <p className="field-group__help">{sent ? t('account.resetStep2') : t('account.resetStep1')}</p>
      <div className="field">
        <label htmlFor={ids.email}>{t('account.email')}</label>
        <input
          id={ids.email}
          className="text-input"
          type="email"
          autoComplete="email"
          value={email}
          readOnly={sent}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      {sent && (
        <>
          <div className="field">
            <label htmlFor={ids.code}>{t('account.resetCode')}</label>
            <input
              id={ids.code}
              className="text-input mono"
              autoComplete="one-time-code"
              maxLength={12}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>{t('account.newPassword')}</label>
            <input
              id={ids.password}
              className="text-input"
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(e) => setNewPassword(e.target.value)}
            />
            <p className="field-group__help">{t('account.passwordRule', { min: PASSWORD_MIN })}</p>
          </div>
        </>
      )}
      <FormMessage message={message} />
      <div className="inline-form">
        <button type="submit" className="button button--primary" disabled={request.running || reset.running}>
          {sent ? t('account.resetAndSignIn') : t('account.sendCode')}
        </button>
        {sent && (
          <button
            type="button"
            className="button button--link"
            disabled={request.running}
            onClick={(event) => void ask(event)}
          >
            {t('account.sendAgain')}
          </button>
        )}
        <button type="button" className="button button--link" onClick={onBack}>
          {t('account.backToSignIn')}
        </button>
      </div>
    </form>
  );
}
