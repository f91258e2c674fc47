import { useTranslation } from 'react-i18next';

/** Which currency's figures to show, when there are several (money is never converted between them). */
export function CurrencyChoice({
  currencies,
  value,
  onChange,
}: {
  currencies: string[];
  value: string;
  onChange: (currency: string) => void;
}) {
  const { t } = useTranslation();
  if (currencies.length < 2) return null;
  return (
    <label className="select-label">
      {t('earnings.currency')}
      <select className="select" value={value} onChange={(event) => onChange(event.target.value)}>
        {currencies.map((code) => (
          <option key={code}>{code}</option>
        ))}
      </select>
    </label>
  );
}
