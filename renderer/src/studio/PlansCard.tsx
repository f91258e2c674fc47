import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../common/collections/index.js';
import type { PlanRequest } from '../../../common/server-api/memberships.js';
import { useOperation, useOperationResult } from '../api/hooks.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { FormMessage } from '../components/FormMessage.js';
import { planPrice } from '../course/MembershipOffers.js';
import { localized } from '../screens/format.js';

type Draft = Omit<PlanRequest, 'priceAmount'> & { price: string };
const EMPTY: Draft = {
  title: { zh: '', en: '' },
  scope: 'creator',
  courseIds: [],
  interval: 'month',
  price: '',
  currency: 'CNY',
  trialDays: 0,
};

/**
 * The memberships a seller sells — a creator's in the studio, the platform's on the admin
 * screen: each plan with its price, what it opens and its members, a button to stop selling it —
 * and a form for a new one: its name in both languages, what it opens (a creator: all their
 * courses, new ones too, or chosen ones of theirs; the platform: every course, or a chosen
 * collection), monthly or yearly, the price and a free trial.
 */
export function PlansCard({
  courses,
  platform = false,
}: {
  /** The published courses a plan of chosen courses can hold. */
  courses: { id: string; title: LocalizedText }[];
  platform?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [version, setVersion] = useState(0);
  const plans = useOperationResult('creator.plans', {}, version);
  const create = useOperation('creator.createPlan');
  const retire = useOperation('creator.retirePlan');
  const [draft, setDraft] = useState<Draft>(platform ? { ...EMPTY, scope: 'all' } : EMPTY);
  const [message, setMessage] = useFormMessage();
  const id = useId();
  if (!plans) return <div className="skeleton" aria-hidden="true" />;
  if (!plans.ok) return null;

  const price = Math.round(Number(draft.price.replace(',', '.')) * 100);
  const valid =
    (draft.title.zh.trim() || draft.title.en.trim()) &&
    price > 0 &&
    (draft.scope !== 'courses' || draft.courseIds.length > 0);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { price: _text, ...rest } = draft;
    const reply = await create.run({
      ...rest,
      courseIds: draft.scope === 'courses' ? draft.courseIds : [],
      priceAmount: price,
    });
    setMessage(replyMessage(reply, 'memberships.created'));
    if (reply.ok) {
      setDraft(platform ? { ...EMPTY, scope: 'all' } : EMPTY);
      setVersion((v) => v + 1);
    }
  };

  return (
    <section className="card plans" aria-labelledby={`${id}-title`} data-testid="plans">
      <h2 id={`${id}-title`} className="field-group__title">
        {platform ? t('memberships.platformPlansTitle') : t('memberships.plansTitle')}
      </h2>
      {plans.value.length === 0 ? (
        <p className="card__meta">{t('memberships.plansNone')}</p>
      ) : (
        <ul className="membership-list">
          {plans.value.map((plan) => (
            <li key={plan.id} className="membership" data-testid="plan">
              <div className="membership__head">
                <strong>{localized(plan.title, language)}</strong>
                <span className="card__meta">{planPrice(plan, t, language)}</span>
              </div>
              <p className="card__meta">
                {t(`memberships.scope_${plan.scope}`)} · {t('memberships.members', { count: plan.members ?? 0 })} ·{' '}
                {plan.active ? t('memberships.onSale') : t('memberships.notOnSale')}
              </p>
              {plan.active && (
                <button
                  type="button"
                  className="button button--small"
                  disabled={retire.running}
                  onClick={() =>
                    void retire.run({ planId: plan.id }).then((reply) => {
                      setMessage(replyMessage(reply, 'memberships.retired'));
                      setVersion((v) => v + 1);
                    })
                  }
                >
                  {t('memberships.retire')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="plan-form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={`${id}-zh`}>{t('memberships.planTitleZh')}</label>
          <input
            id={`${id}-zh`}
            className="text-input"
            maxLength={120}
            value={draft.title.zh}
            onChange={(e) => setDraft({ ...draft, title: { ...draft.title, zh: e.target.value } })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-en`}>{t('memberships.planTitleEn')}</label>
          <input
            id={`${id}-en`}
            className="text-input"
            maxLength={120}
            value={draft.title.en}
            onChange={(e) => setDraft({ ...draft, title: { ...draft.title, en: e.target.value } })}
          />
        </div>
        <label className="select-label">
          {t('memberships.scope')}
          <select
            className="select"
            value={draft.scope}
            onChange={(e) => setDraft({ ...draft, scope: e.target.value as Draft['scope'] })}
          >
            {platform ? (
              <option value="all">{t('memberships.scopeEverything')}</option>
            ) : (
              <option value="creator">{t('memberships.scopeMine')}</option>
            )}
            <option value="courses">{t('memberships.scopeChosen')}</option>
          </select>
        </label>
        {draft.scope === 'courses' && (
          <fieldset className="choice-group">
            <legend>{t('memberships.chooseCourses')}</legend>
            {courses.map((course) => (
              <label key={course.id} className="checkbox-label">
                <input
                  type="checkbox"
                  checked={draft.courseIds.includes(course.id)}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      courseIds: e.target.checked
                        ? [...draft.courseIds, course.id]
                        : draft.courseIds.filter((c) => c !== course.id),
                    })
                  }
                />{' '}
                {localized(course.title, language)}
              </label>
            ))}
          </fieldset>
        )}
        <label className="select-label">
          {t('memberships.interval')}
          <select
            className="select"
            value={draft.interval}
            onChange={(e) => setDraft({ ...draft, interval: e.target.value as Draft['interval'] })}
          >
            <option value="month">{t('memberships.interval_month')}</option>
            <option value="year">{t('memberships.interval_year')}</option>
          </select>
        </label>
        <div className="field">
          <label htmlFor={`${id}-price`}>{t('memberships.price')}</label>
          <input
            id={`${id}-price`}
            className="text-input"
            inputMode="decimal"
            value={draft.price}
            onChange={(e) => setDraft({ ...draft, price: e.target.value })}
          />
        </div>
        <label className="select-label">
          {t('memberships.currency')}
          <select
            className="select"
            value={draft.currency}
            onChange={(e) => setDraft({ ...draft, currency: e.target.value as Draft['currency'] })}
          >
            {(['CNY', 'USD', 'EUR'] as const).map((code) => (
              <option key={code}>{code}</option>
            ))}
          </select>
        </label>
        <div className="field">
          <label htmlFor={`${id}-trial`}>{t('memberships.trialDays')}</label>
          <input
            id={`${id}-trial`}
            className="text-input"
            type="number"
            min={0}
            max={90}
            value={draft.trialDays}
            onChange={(e) =>
              setDraft({ ...draft, trialDays: Math.min(90, Math.max(0, Math.round(Number(e.target.value) || 0))) })
            }
          />
        </div>
        <button type="submit" className="button button--primary" disabled={!valid || create.running}>
          {t('memberships.create')}
        </button>
      </form>
      <FormMessage message={message} testId="plans-message" />
    </section>
  );
}
