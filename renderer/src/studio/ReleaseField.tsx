import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** `YYYY-MM-DDTHH:mm` in local time, as a datetime-local input shows it. */
function localInput(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A column's lesson released later: a date and time (the creator's local time) after which
 * learners get it; empty releases it with the course. Saved as soon as a whole date is picked.
 */
export function ReleaseField({
  releaseAt,
  onChange,
}: {
  releaseAt: number | undefined;
  onChange: (releaseAt: number | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState(releaseAt === undefined ? '' : localInput(releaseAt));
  return (
    <div className="field release-field">
      <label htmlFor={id}>{t('columns.releaseAt')}</label>
      <input
        id={id}
        className="text-input"
        type="datetime-local"
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          if (event.target.value === '') return onChange(null);
          const at = new Date(event.target.value).getTime();
          if (Number.isFinite(at)) onChange(at);
        }}
      />
      <p className="card__meta">{t('columns.releaseHint')}</p>
    </div>
  );
}
