import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOperation, useOperationResult } from '../api/hooks.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { FormMessage } from '../components/FormMessage.js';

/**
 * Getting paid: the creator's payout account — not set up, waiting for details, or ready — and
 * the button that opens the provider's onboarding (identity and bank details are entered there,
 * never in Zhiku). After coming back, "Check again" asks the server for the account's state.
 */
export function PayoutCard() {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const reply = useOperationResult('creator.payouts', {}, version);
  const start = useOperation('creator.startPayouts');
  const [message, setMessage] = useFormMessage();
  if (!reply) return <div className="skeleton" aria-hidden="true" />;
  if (!reply.ok) return null;
  const account = reply.value;
  const state = account.payoutsEnabled ? 'ready' : account.connected ? 'pending' : 'none';

  const onboard = async () => {
    // Opened now, while the click still counts as the creator's; the desktop app opens the system browser instead.
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    const started = await start.run({});
    if (!started.ok) {
      tab?.close();
      setMessage(replyMessage(started, ''));
      return;
    }
    if (tab && !started.value.openedByApp) tab.location.href = started.value.url;
    else tab?.close();
    setMessage({ key: 'studio.payoutsOpened', error: false });
    setVersion((v) => v + 1);
  };

  return (
    <section className="card payouts" aria-labelledby="payouts-title" data-testid="payouts">
      <h2 id="payouts-title" className="field-group__title">
        {t('studio.payoutsTitle')} {account.testMode && <span className="badge">{t('studio.payoutsTestMode')}</span>}
      </h2>
      <p role="status" data-testid="payouts-state">
        {state === 'ready' ? '✓ ' : ''}
        {t(`studio.payouts_${state}`)}
      </p>
      <div className="inline-form">
        {state !== 'ready' && (
          <button
            type="button"
            className="button button--primary"
            disabled={start.running}
            onClick={() => void onboard()}
          >
            {state === 'none' ? t('studio.payoutsStart') : t('studio.payoutsContinue')}
          </button>
        )}
        {state !== 'none' && (
          <button type="button" className="button" onClick={() => setVersion(version + 1)}>
            {t('studio.payoutsCheck')}
          </button>
        )}
      </div>
      {state !== 'ready' && <FormMessage message={message} />}
    </section>
  );
}
