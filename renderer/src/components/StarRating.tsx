import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Stars shown read-only: ★★★★☆ with the number for screen readers. */
export function Stars({ value, count }: { value: number; count?: number }) {
  const { t } = useTranslation();
  const full = Math.round(value);
  return (
    <span className="stars" aria-label={t('rating.aria', { value: value.toFixed(1), count: count ?? 0 })} role="img">
      <span aria-hidden="true">
        {'★'.repeat(full)}
        {'☆'.repeat(5 - full)}
      </span>
      {count !== undefined && (
        <span className="stars__count" aria-hidden="true">
          {' '}
          {value.toFixed(1)} ({count})
        </span>
      )}
    </span>
  );
}

/** Choosing 1–5 stars: a radio group, so arrow keys and screen readers work as everywhere. */
export function StarInput({ value, onChange }: { value: number; onChange: (stars: number) => void }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="star-input">
      <legend className="visually-hidden">{t('rating.choose')}</legend>
      {[1, 2, 3, 4, 5].map((stars) => (
        <label key={stars} className={stars <= value ? 'star-input__star star-input__star--on' : 'star-input__star'}>
          <input
            type="radio"
            name={name}
            value={stars}
            checked={value === stars}
            onChange={() => onChange(stars)}
            className="visually-hidden"
          />
          <span aria-hidden="true">★</span>
          <span className="visually-hidden">{t('rating.stars', { count: stars })}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** How many reviews give each number of stars, as horizontal bars (a chart people compare). */
export function RatingBars({ distribution }: { distribution: readonly number[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...distribution);
  return (
    <figure className="rating-bars" aria-label={t('rating.distribution')}>
      {[5, 4, 3, 2, 1].map((stars) => {
        const n = distribution[stars - 1] ?? 0;
        return (
          <div key={stars} className="rating-bars__row">
            <span className="rating-bars__label">{t('rating.stars', { count: stars })}</span>
            <span className="rating-bars__track">
              <span className="rating-bars__fill" style={{ width: `${(n / max) * 100}%` }} />
            </span>
            <span className="rating-bars__count">{n}</span>
          </div>
        );
      })}
    </figure>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const percent = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <span className="progress__fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
