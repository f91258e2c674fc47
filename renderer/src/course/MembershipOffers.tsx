import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../common/server-api/memberships.js';
import { useOperation, useOperationResult } from '../api/hooks.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { FormMessage } from '../components/FormMessage.js';
import { formatPrice, localized } from '../screens/format.js';
import { LocalPrice } from './LocalPrice.js';

/** "¥30.00 / month", with the trial when the plan has one. */
export function planPrice(
  plan: Plan,
  t: (key: 'memberships.perMonth' | 'memberships.perYear', options: { price: string }) => string,
  language: string,
): string {
  const price = formatPrice(plan.priceAmount, plan.currency, language);
  return t(plan.interval === 'month' ? 'memberships.perMonth' : 'memberships.perYear', { price });
}

/**
 * The memberships that open this course, offered beside buying it: each plan's name, who sells
 * it, its price per month or year and its free trial, and a button that opens the provider's
 * checkout. The course opens by itself once the membership's first payment (or trial) is in.
 */
export function MembershipOffers({ courseId }: { courseId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const plans = useOperationResult('memberships.plansFor', { courseId });
  const subscribe = useOperation('memberships.subscribe');
  const [waiting, setWaiting] = useState<string | null>(null);
  const [message, setMessage] = useFormMessage();
  if (!plans?.ok || plans.value.length === 0) return null;

  const join = async (plan: Plan) => {
    setMessage(null);
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    const reply = await subscribe.run({ planId: plan.id });
    if (!reply.ok) {
      tab?.close();
      setMessage(replyMessage(reply, ''));
      return;
    }
    setWaiting(reply.value.checkoutUrl);
    if (tab && !reply.value.openedByApp) tab.location.href = reply.value.checkoutUrl;
    else tab?.close();
  };

  return (
    <section className="membership-offers" aria-labelledby="membership-offers-title" data-testid="membership-offers">
      <h2 id="membership-offers-title" className="field-group__title">
        {t('memberships.orJoin')}
      </h2>
      <ul className="membership-offers__list">
        {plans.value.map((plan) => (
          <li key={plan.id} className="membership-offer">
            <strong>{localized(plan.title, language)}</strong>
            <span className="card__meta">
              {plan.ownerId ? t('memberships.by', { name: plan.ownerName }) : t('memberships.platform')} ·{' '}
              {t(`memberships.scope_${plan.scope}`)}
            </span>
            <span>
              {planPrice(plan, t, language)}
              {plan.trialDays > 0 && ` · ${t('memberships.trial', { count: plan.trialDays })}`}{' '}
              <LocalPrice amount={plan.priceAmount} currency={plan.currency} />
            </span>
            <button
              type="button"
              className="button"
              disabled={subscribe.running || waiting !== null}
              onClick={() => void join(plan)}
            >
              {plan.trialDays > 0 ? t('memberships.startTrial') : t('memberships.join')}
            </button>
          </li>
        ))}
      </ul>
      {waiting && (
        <p role="status">
          {t('memberships.waiting')}{' '}
          <a href={waiting} target="_blank" rel="noreferrer">
            {t('course.openCheckout')}
          </a>
        </p>
      )}
      <FormMessage message={message} testId="membership-message" />
    </section>
  );
}
