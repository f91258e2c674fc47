import { DevicesList } from './DevicesList.js';
import { MembershipsCard } from '../account/MembershipsCard.js';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN, signUpInputSchema } from '../../../common/contract/session.js';
import type { AccountProfile } from '../../../common/server-api/auth.js';
import { useOperation, useOperationResult, useSubscription } from '../api/hooks.js';
import { EmailVerification } from '../account/EmailVerification.js';
import { ForgotPassword } from '../account/ForgotPassword.js';
import { PasswordForm } from '../account/PasswordForm.js';
import { ProfileForm } from '../account/ProfileForm.js';

type FieldErrors = Partial<
  Record<'email' | 'password' | 'displayName', 'nameRequired' | 'tooLong' | 'emailInvalid' | 'passwordShort'>
>;

/** Which rule each sign-up field breaks, by the contract's own schema. */
function signUpProblems(input: { email: string; password: string; displayName: string }): FieldErrors {
  const parsed = signUpInputSchema.safeParse(input);
  const problems: FieldErrors = {};
  for (const issue of parsed.error?.issues ?? []) {
    const field = issue.path[0] as keyof FieldErrors;
    if (problems[field]) continue;
    problems[field] =
      issue.code === 'too_big'
        ? 'tooLong'
        : field === 'password'
          ? 'passwordShort'
          : field === 'displayName'
            ? 'nameRequired'
            : 'emailInvalid';
  }
  return problems;
}

/** The profile, e-mail verification and password: read from the server, so they need a connection. */
function AccountDetails() {
  const { t } = useTranslation();
  const loaded = useOperationResult('account.getProfile', {});
  const [profile, setProfile] = useState<AccountProfile | null>(null);
  const shown = profile ?? (loaded?.ok ? loaded.value : null);
  if (loaded === undefined) return <div className="skeleton" aria-hidden="true" />;
  if (!shown)
    return (
      <p className="empty-state" role="status">
        {t('account.profileOffline')}
      </p>
    );
  return (
    <>
      <EmailVerification profile={shown} onVerified={setProfile} />
      <ProfileForm profile={shown} onSaved={setProfile} />
      <PasswordForm />
    </>
  );
}

export function AccountScreen() {
  const { t, i18n } = useTranslation();
  const session = useSubscription('account.watchSession', {}).value;
  const status = useSubscription('sync.watchStatus', {}).value;
  const signIn = useOperation('account.signIn');
  const signUp = useOperation('account.signUp');
  const signOut = useOperation('account.signOut');
  const signOutEverywhere = useOperation('account.signOutEverywhere');
  const [mode, setMode] = useState<'sign-in' | 'sign-up' | 'forgot'>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const ids = { email: useId(), password: useId(), name: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    // The same rules the core applies, checked here first so each field can say what it needs.
    const problems = mode === 'sign-up' ? signUpProblems({ email, password, displayName }) : {};
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const reply =
      mode === 'sign-in' ? await signIn.run({ email, password }) : await signUp.run({ email, password, displayName });
    if (!reply.ok) setError(t(`errors.${reply.error.code}`));
    else {
      setPassword('');
      // Signing out later comes back to the sign-in form, not to sign-up.
      setMode('sign-in');
    }
  };
  const fieldMessage = (field: keyof FieldErrors, id: string) =>
    fieldErrors[field] && (
      <p id={`${id}-problem`} className="field-message field-message--invalid">
        {t(`account.rule_${fieldErrors[field]}`, { min: PASSWORD_MIN })}
      </p>
    );
  const invalid = (field: keyof FieldErrors, id: string) =>
    fieldErrors[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-problem` } : {};

  if (!session) return <div className="skeleton" aria-hidden="true" />;
  const busy = signIn.running || signUp.running;

  return (
    <section className="screen" aria-labelledby="account-title">
      <h1 id="account-title">{t('account.title')}</h1>
      {session.status === 'signed-in' && session.user ? (
        <div className="settings-panel">
          <p data-testid="signed-in-as">
            {t('account.signedInAs', { name: session.user.displayName, email: session.user.email })}
          </p>
          <div>
            <h2 className="field-group__title">{t('account.sync')}</h2>
            <p className="card__meta" data-testid="sync-summary">
              {status && status.pendingChanges > 0
                ? t('account.pending', { count: status.pendingChanges })
                : t('account.allSynced')}
              {status?.lastSyncedAt
                ? ` · ${t('account.lastSynced', { time: new Date(status.lastSyncedAt).toLocaleString(i18n.language) })}`
                : ''}
            </p>
          </div>
          <AccountDetails />
          <MembershipsCard />
          <DevicesList />
          <div className="field-group account-section">
            <div className="inline-form">
              <button type="button" className="button" disabled={signOut.running} onClick={() => void signOut.run({})}>
                {t('account.signOutHere')}
              </button>
              <button
                type="button"
                className="button button--danger"
                disabled={signOutEverywhere.running}
                onClick={() => {
                  if (window.confirm(t('account.signOutEverywhereConfirm'))) void signOutEverywhere.run({});
                }}
              >
                {t('account.signOutEverywhere')}
              </button>
            </div>
            <p className="field-group__help">{t('account.signOutEverywhereHelp')}</p>
          </div>
        </div>
      ) : mode === 'forgot' ? (
        <ForgotPassword initialEmail={email} onBack={() => setMode('sign-in')} />
      ) : (
        <form className="settings-panel account-form" onSubmit={(event) => void submit(event)} noValidate>
          {session.reason && (
            <p className="banner banner--warn" role="status">
              {t(`account.signedOutReason_${session.reason}`)}
            </p>
          )}
          <h2 className="field-group__title">{mode === 'sign-in' ? t('account.signIn') : t('account.signUp')}</h2>
          {mode === 'sign-up' && (
            <div className="field">
              <label htmlFor={ids.name}>{t('account.displayName')}</label>
              <input
                id={ids.name}
                className="text-input"
                autoComplete="nickname"
                value={displayName}
                onChange={(e) => setDisplayName(e.target.value)}
                {...invalid('displayName', ids.name)}
              />
              {fieldMessage('displayName', ids.name)}
            </div>
          )}
          <div className="field">
            <label htmlFor={ids.email}>{t('account.email')}</label>
            <input
              id={ids.email}
              className="text-input"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              {...invalid('email', ids.email)}
            />
            {fieldMessage('email', ids.email)}
          </div>
          <div className="field">
            <label htmlFor={ids.password}>{t('account.password')}</label>
            <input
              id={ids.password}
              className="text-input"
              type="password"
              autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              {...invalid('password', ids.password)}
            />
            {mode === 'sign-up' && !fieldErrors.password && (
              <p className="field-group__help">{t('account.passwordRule', { min: PASSWORD_MIN })}</p>
            )}
            {fieldMessage('password', ids.password)}
          </div>
          <p className="field-message field-message--invalid" role="alert">
            {error}
          </p>
          <div className="inline-form">
            <button type="submit" className="button button--primary" disabled={busy}>
              {mode === 'sign-in' ? t('account.signIn') : t('account.signUp')}
            </button>
            <button
              type="button"
              className="button button--link"
              onClick={() => setMode(mode === 'sign-in' ? 'sign-up' : 'sign-in')}
            >
              {mode === 'sign-in'
                ? `${t('account.newHere')} ${t('account.signUp')}`
                : `${t('account.haveAccount')} ${t('account.signIn')}`}
            </button>
            {mode === 'sign-in' && (
              <button type="button" className="button button--link" onClick={() => setMode('forgot')}>
                {t('account.forgot')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
