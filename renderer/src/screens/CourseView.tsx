import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckoutStarted } from '../../../common/contract/purchases.js';
import { useOperation, useSubscription } from '../api/hooks.js';
import { formatPrice, localized } from './format.js';

/** One course: its outline with free previews, its price, and the way to own it. */
export function CourseView({ courseId, onBack }: { courseId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const detail = useSubscription('catalog.watchCourse', { courseId }).value;
  const access = useSubscription('library.watchCourseAccess', { courseId }).value;
  const session = useSubscription('account.watchSession', {}).value;
  const checkout = useOperation('purchases.checkout');
  const redeem = useOperation('purchases.redeem');
  const [started, setStarted] = useState<CheckoutStarted | null>(null);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const codeId = useId();

  if (!detail) return <div className="skeleton" aria-hidden="true" />;
  const { course, lessons } = detail;
  const signedIn = session?.status === 'signed-in';

  const buy = async () => {
    setMessage(null);
    const reply = await checkout.run({ courseIds: [course.id] });
    if (reply.ok) setStarted(reply.value);
    else setMessage(t(`errors.${reply.error.code}`));
  };
  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    const reply = await redeem.run({ code });
    setMessage(reply.ok ? t('course.redeemed') : t(`errors.${reply.error.code}`));
  };

  return (
    <section className="screen" aria-labelledby="course-title">
      <button type="button" className="button button--link back-link" onClick={onBack}>
        ← {t('course.back')}
      </button>
      <header className="hero">
        <div className="course-card__category">{localized(course.categoryName, language)}</div>
        <h1 id="course-title">{localized(course.title, language)}</h1>
        <p className="lead">{localized(course.description, language)}</p>
        <p className="card__meta">{localized(course.creatorName, language)}</p>
      </header>
      <div className="purchase-panel card" data-testid="purchase-panel">
        {course.priceAmount === 0 ? (
          <p className="price price--free">{t('course.getFree')}</p>
        ) : access?.owned ? (
          <p className="price price--free" role="status">{t('course.owned')}</p>
        ) : !signedIn ? (
          <p>{t('course.signInToBuy')}</p>
        ) : access?.pendingOrderId || started ? (
          <div role="status">
            <p>{t('course.pending')}</p>
            {started?.checkoutUrl && (
              <a className="button" href={started.checkoutUrl} target="_blank" rel="noreferrer">
                {t('course.openCheckout')}
              </a>
            )}
          </div>
        ) : (
          <button type="button" className="button button--primary" disabled={checkout.running} onClick={() => void buy()}>
            {t('course.buy', { price: formatPrice(course.priceAmount, course.currency, language) })}
          </button>
        )}
        {signedIn && course.priceAmount > 0 && !access?.owned && (
          <form className="inline-form" onSubmit={(event) => void submitCode(event)}>
            <label htmlFor={codeId} className="visually-hidden">
              {t('course.redeemCode')}
            </label>
            <input id={codeId} className="text-input mono" placeholder={t('course.redeemCode')} value={code} onChange={(e) => setCode(e.target.value)} />
            <button type="submit" className="button" disabled={redeem.running || code.trim().length < 4}>
              {t('course.redeem')}
            </button>
          </form>
        )}
        {message && <p className="field-message">{message}</p>}
      </div>
      <div>
        <h2 className="field-group__title">{t('course.outline')}</h2>
        {course.sections.map((section) => (
          <div key={section.id} className="outline-section">
            <h3>{localized(section.title, language)}</h3>
            <ol className="outline-lessons">
              {section.lessonIds.map((lessonId) => {
                const lesson = lessons.find((l) => l.id === lessonId);
                if (!lesson) return null;
                return (
                  <li key={lesson.id} className="outline-lesson">
                    <span className="outline-lesson__kind">{t(`course.kind_${lesson.kind}`)}</span>
                    <span>{localized(lesson.title, language)}</span>
                    {lesson.freePreview && <span className="badge">{t('course.preview')}</span>}
                  </li>
                );
              })}
            </ol>
          </div>
        ))}
      </div>
    </section>
  );
}
