import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyMemberships } from '../../../common/contract/memberships.js';
import type { Membership, Plan } from '../../../common/server-api/memberships.js';
import { useOperation, useOperationResult, useSubscription } from '../api/hooks.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import type { Reply } from '../../../common/errors.js';
import { FormMessage } from '../components/FormMessage.js';
import { planPrice } from '../course/MembershipOffers.js';
import { localized } from '../screens/format.js';

/**
 * The learner's memberships: each plan, its state (trial, active, payment failed, ended), until
 * when it is paid and whether it renews; cancelling at period end (confirmed, naming the last
 * day), keeping it after all, changing to another plan of the same seller, and the provider's
 * portal for payment methods and invoices. Kept for offline (read-only then).
 */
export function MembershipsCard() {
  const { t } = useTranslation();
  const synced = useSubscription('sync.watchStatus', {}).value?.lastSyncedAt ?? 0;
  const [version, setVersion] = useState(0);
  const reply = useOperationResult('memberships.mine', {}, synced + version);
  const portal = useOperation('memberships.portal');
  const [message, setMessage] = useFormMessage();
  if (!reply) return <div className="skeleton" aria-hidden="true" />;
  if (!reply.ok) return null;
  const { memberships, plans, savedAt } = reply.value;
  const shown = memberships.filter((m) => m.status !== 'pending');

  const openPortal = async () => {
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    const opened = await portal.run({});
    if (!opened.ok) {
      tab?.close();
      setMessage(replyMessage(opened, ''));
      return;
    }
    if (tab && !opened.value.openedByApp) tab.location.href = opened.value.url;
    else tab?.close();
  };

  return (
    <div className="memberships" data-testid="memberships">
      <h2 className="field-group__title">
        {t('memberships.title')}{' '}
        {memberships.some((m) => m.testMode) && <span className="badge">{t('memberships.testMode')}</span>}
      </h2>
      {savedAt !== null && (
        <p className="card__meta" role="status">
          {t('memberships.savedAt', { time: new Date(savedAt).toLocaleString() })}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="card__meta">{t('memberships.none')}</p>
      ) : (
        <ul className="membership-list">
          {shown.map((membership) => (
            <MembershipRow
              key={membership.id}
              membership={membership}
              plans={plans}
              offline={savedAt !== null}
              onChanged={(key) => {
                setMessage({ key, error: false });
                setVersion((v) => v + 1);
              }}
              onFailed={(reply) => setMessage(reply)}
            />
          ))}
        </ul>
      )}
      {shown.length > 0 && (
        <button
          type="button"
          className="button button--link"
          disabled={portal.running}
          onClick={() => void openPortal()}
        >
          {t('memberships.manageBilling')}
        </button>
      )}
      <FormMessage message={message} testId="memberships-message" />
    </div>
  );
}

function MembershipRow({
  membership,
  plans,
  offline,
  onChanged,
  onFailed,
}: {
  membership: Membership;
  plans: MyMemberships['plans'];
  offline: boolean;
  onChanged: (key: 'memberships.cancelled' | 'memberships.resumed' | 'memberships.changed') => void;
  onFailed: (message: ReturnType<typeof replyMessage>) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const cancel = useOperation('memberships.cancel');
  const resume = useOperation('memberships.resume');
  const change = useOperation('memberships.changePlan');
  const plan = plans.find((p) => p.id === membership.planId);
  const others = plans.filter(
    (p: Plan) => plan && p.id !== plan.id && p.active && p.ownerId === plan.ownerId && p.currency === plan.currency,
  );
  const [target, setTarget] = useState('');
  const date = (ms: number) => new Date(ms).toLocaleDateString(language, { dateStyle: 'long' });
  const live = ['trialing', 'active', 'past_due'].includes(membership.status);
  const title = plan ? localized(plan.title, language) : membership.planId;
  const run = async (
    work: Promise<Reply<unknown>>,
    key: 'memberships.cancelled' | 'memberships.resumed' | 'memberships.changed',
  ) => {
    const reply = await work;
    if (reply.ok) onChanged(key);
    else onFailed(replyMessage(reply, ''));
  };

  return (
    <li className="membership" data-testid="membership">
      <div className="membership__head">
        <strong>{title}</strong>
        {plan && <span className="card__meta">{planPrice(plan, t, language)}</span>}
      </div>
      <p className={membership.status === 'past_due' ? 'field-message field-message--invalid' : 'card__meta'}>
        {t(`memberships.status_${membership.status}`)} ·{' '}
        {!live
          ? t('memberships.endedOn', { date: date(membership.endedAt ?? membership.paidThrough) })
          : membership.status === 'past_due'
            ? t('memberships.paidThrough', { date: date(membership.paidThrough) })
            : membership.cancelAtPeriodEnd
              ? t('memberships.endsOn', { date: date(membership.paidThrough) })
              : t('memberships.renewsOn', { date: date(membership.paidThrough) })}
      </p>
      {live && !offline && (
        <div className="inline-form">
          {membership.cancelAtPeriodEnd ? (
            <button
              type="button"
              className="button"
              disabled={resume.running}
              onClick={() => void run(resume.run({ membershipId: membership.id }), 'memberships.resumed')}
            >
              {t('memberships.resume')}
            </button>
          ) : (
            <button
              type="button"
              className="button"
              disabled={cancel.running}
              onClick={() => {
                if (window.confirm(t('memberships.cancelConfirm', { plan: title, date: date(membership.paidThrough) })))
                  void run(cancel.run({ membershipId: membership.id }), 'memberships.cancelled');
              }}
            >
              {t('memberships.cancel')}
            </button>
          )}
          {others.length > 0 && (
            <>
              <label className="select-label">
                {t('memberships.changeTo')}
                <select className="select" value={target} onChange={(event) => setTarget(event.target.value)}>
                  <option value="">—</option>
                  {others.map((other) => (
                    <option key={other.id} value={other.id}>
                      {localized(other.title, language)} · {planPrice(other, t, language)}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="button"
                disabled={!target || change.running}
                onClick={() =>
                  void run(change.run({ membershipId: membership.id, planId: target }), 'memberships.changed')
                }
              >
                {t('memberships.change')}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
