import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseDoc, RatingDoc } from '../../../common/collections/index.js';
import { FormMessage } from '../components/FormMessage.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { useOperation, useSubscription } from '../api/hooks.js';
import { RatingBars, StarInput, Stars } from '../components/StarRating.js';

/** The course's rating and reviews, and the learner's own rating once they may give one. */
export function CourseReviews({ course, canRate }: { course: CourseDoc; canRate: boolean }) {
  const { t, i18n } = useTranslation();
  const reviews = useSubscription('catalog.watchReviews', { courseId: course.id }).value;
  const mine = useSubscription('ratings.watchMine', { courseId: course.id });

  return (
    <section className="reviews" aria-labelledby="reviews-title">
      <h2 id="reviews-title" className="field-group__title">
        {t('rating.title')}
      </h2>
      <div className="reviews__summary">
        <div>
          <p className="card__figure">{course.ratingCount > 0 ? course.ratingAverage.toFixed(1) : '—'}</p>
          <Stars value={course.ratingAverage} />
          <p className="card__meta">{t('rating.count', { count: course.ratingCount })}</p>
        </div>
        {/* The bars count written reviews; star-only ratings are in the average, not here. */}
        {reviews && reviews.reviews.length > 0 && (
          <div>
            <RatingBars distribution={reviews.distribution} />
            {reviews.reviews.length < course.ratingCount && (
              <p className="card__meta">{t('rating.barsOfReviews', { count: reviews.reviews.length })}</p>
            )}
          </div>
        )}
      </div>
      {canRate && mine.current && <RateForm key={course.id} courseId={course.id} mine={mine.value ?? null} />}
      {reviews && reviews.reviews.length === 0 ? (
        <p className="empty-state">{t('rating.noReviews')}</p>
      ) : (
        <ul className="review-list">
          {reviews?.reviews.map((review) => (
            <li key={review.id} className="review" data-testid="review">
              <div className="review__head">
                <strong>{review.authorName}</strong> <Stars value={review.stars} />
                <span className="card__meta">{new Date(review.updatedAt).toLocaleDateString(i18n.language)}</span>
              </div>
              <p>{review.text}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The learner's own stars and review; starts from their saved rating. */
function RateForm({ courseId, mine }: { courseId: string; mine: RatingDoc | null }) {
  const { t } = useTranslation();
  const save = useOperation('ratings.save');
  const online = useSubscription('sync.watchStatus', {}).value?.online ?? false;
  const [stars, setStars] = useState<number>(mine?.stars ?? 0);
  const [text, setText] = useState(mine?.review ?? '');
  const [message, setMessage] = useFormMessage();
  const reviewId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const reply = await save.run({ courseId, stars, ...(text.trim() ? { review: text.trim() } : {}) });
    // Said as it is: synced now when online, kept on the device until then when not.
    setMessage(replyMessage(reply, online ? 'rating.savedOnline' : 'rating.saved'));
  };
  return (
    <form className="card rate-form" onSubmit={(event) => void submit(event)} data-testid="rate-form">
      <p className="rate-form__label">{mine ? t('rating.yours') : t('rating.prompt')}</p>
      <StarInput value={stars} onChange={setStars} />
      <label htmlFor={reviewId} className="visually-hidden">
        {t('rating.review')}
      </label>
      <textarea
        id={reviewId}
        className="text-input"
        rows={3}
        maxLength={5000}
        placeholder={t('rating.reviewPlaceholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button button--primary" disabled={stars === 0 || save.running}>
        {t('rating.submit')}
      </button>
      <FormMessage message={message} />
    </form>
  );
}
