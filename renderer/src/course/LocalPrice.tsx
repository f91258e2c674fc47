import { useTranslation } from 'react-i18next';
import { convertAtReference, type PriceCurrency } from '../../../common/money/reference-price.js';
import { useSubscription } from '../api/hooks.js';
import { formatPrice } from '../screens/format.js';

/** The learner's currency: chosen in Settings, or by the app's language. */
export function useLearnerCurrency(): PriceCurrency {
  const { i18n } = useTranslation();
  const chosen = useSubscription('settings.watch', {}).value?.priceCurrency ?? 'auto';
  if (chosen !== 'auto') return chosen;
  return i18n.language.startsWith('zh') ? 'CNY' : 'USD';
}

/**
 * A price in another currency than the learner's, also shown in theirs — "≈ $6.81" — at
 * indicative reference rates (common/money), labelled as approximate: the charge is in the
 * price's own currency and the learner's bank converts it.
 */
export function LocalPrice({ amount, currency }: { amount: number; currency: string }) {
  const { t, i18n } = useTranslation();
  const mine = useLearnerCurrency();
  if (amount <= 0 || currency === mine || !['CNY', 'USD', 'EUR'].includes(currency)) return null;
  const approximate = formatPrice(convertAtReference(amount, currency as PriceCurrency, mine), mine, i18n.language);
  return (
    <span className="local-price" title={t('course.localPriceHelp')} data-testid="local-price">
      {t('course.localPrice', { price: approximate })}
    </span>
  );
}
