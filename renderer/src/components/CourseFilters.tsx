import { useTranslation } from 'react-i18next';

export type LanguageFilter = 'any' | 'zh-CN' | 'en';

/** Courses in any language, or in one. */
export function LanguageFilterSelect({
  value,
  onChange,
}: {
  value: LanguageFilter;
  onChange: (value: LanguageFilter) => void;
}) {
  const { t } = useTranslation();
  return (
    <label className="select-label">
      {t('catalog.language')}
      <select className="select" value={value} onChange={(event) => onChange(event.target.value as LanguageFilter)}>
        <option value="any">{t('catalog.anyLanguage')}</option>
        <option value="zh-CN">中文</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

/** Courses rated at least this much (0: any rating). */
export function RatingFilterSelect({
  value,
  onChange,
  steps = [4.5, 4, 3],
}: {
  value: number;
  onChange: (value: number) => void;
  steps?: number[];
}) {
  const { t } = useTranslation();
  return (
    <label className="select-label">
      {t('catalog.rating')}
      <select className="select" value={value} onChange={(event) => onChange(Number(event.target.value))}>
        <option value={0}>{t('catalog.anyRating')}</option>
        {steps.map((step) => (
          <option key={step} value={step}>
            {t('catalog.ratingAtLeast', { value: step })}
          </option>
        ))}
      </select>
    </label>
  );
}

/** An order for a list of courses, from the given choices (each with its label key). */
export function SortSelect<S extends string>({
  value,
  onChange,
  options,
}: {
  value: S;
  onChange: (value: S) => void;
  options: readonly (readonly [S, string])[];
}) {
  const { t } = useTranslation();
  const tr = t as unknown as (key: string) => string;
  return (
    <label className="select-label">
      {t('catalog.sort')}
      <select className="select" value={value} onChange={(event) => onChange(event.target.value as S)}>
        {options.map(([option, label]) => (
          <option key={option} value={option}>
            {tr(label)}
          </option>
        ))}
      </select>
    </label>
  );
}
