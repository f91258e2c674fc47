import { DevicesList } from './DevicesList.js';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useOperation, useSubscription } from '../api/hooks.js';

export function AccountScreen() {
  const { t, i18n } = useTranslation();
  const session = useSubscription('account.watchSession', {}).value;
  const status = useSubscription('sync.watchStatus', {}).value;
  const signIn = useOperation('account.signIn');
  const signUp = useOperation('account.signUp');
  const signOut = useOperation('account.signOut');
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ids = { email: useId(), password: useId(), name: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const reply =
      mode === 'sign-in' ? await signIn.run({ email, password }) : await signUp.run({ email, password, displayName });
    if (!reply.ok) setError(t(`errors.${reply.error.code}`));
    else setPassword('');
  };

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
          <DevicesList />
          <button type="button" className="button" disabled={signOut.running} onClick={() => void signOut.run({})}>
            {t('account.signOut')}
          </button>
        </div>
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
              />
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
            />
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
            />
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
          </div>
        </form>
      )}
    </section>
  );
}
