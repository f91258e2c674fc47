import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountProfile } from '../../../common/server-api/auth.js';
import { useOperation } from '../api/hooks.js';
import { FormMessage } from '../components/FormMessage.js';
import { useFormMessage } from '../app/form-message.js';

/** Until the address is verified: where the code went, a field for it, and a way to get another. */
export function EmailVerification({
  profile,
  onVerified,
}: {
  profile: AccountProfile;
  onVerified: (p: AccountProfile) => void;
}) {
  const { t } = useTranslation();
  const verify = useOperation('account.verifyEmail');
  const resend = useOperation('account.sendVerification');
  const [code, setCode] = useState('');
  const [message, setMessage] = useFormMessage();
  const codeId = useId();
  if (profile.emailVerified) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const reply = await verify.run({ code });
    if (reply.ok) onVerified(reply.value);
    else setMessage({ key: `errors.${reply.error.code}`, error: true });
  };
  const again = async () => {
    const reply = await resend.run({});
    setMessage(
      reply.ok
        ? { key: 'account.codeSent', values: { email: profile.email }, error: false }
        : { key: `errors.${reply.error.code}`, error: true },
    );
  };

  return (
    <form
      className="banner banner--warn verify-email"
      onSubmit={(event) => void submit(event)}
      data-testid="verify-email"
    >
      <p>{t('account.verifyPrompt', { email: profile.email })}</p>
      <div className="inline-form">
        <label htmlFor={codeId} className="visually-hidden">
          {t('account.code')}
        </label>
        <input
          id={codeId}
          className="text-input mono"
          placeholder={t('account.code')}
          autoComplete="one-time-code"
          maxLength={12}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={verify.running || code.trim().length < 8}>
          {t('account.verify')}
        </button>
        <button type="button" className="button button--link" disabled={resend.running} onClick={() => void again()}>
          {t('account.sendAgain')}
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}
