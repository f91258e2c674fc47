/**
 * Prices in different currencies put in one order. A course keeps the price and currency
 * its creator set; for sorting a catalog that mixes currencies, each price is also kept
 * as `priceReference`: the same amount in US cents at fixed reference rates.
 *
 * The rates are indicative and change only with a migration that re-keys every course
 * (they order a list; nobody is charged at them), in units of each currency per 1 USD.
 * Each rate is a fraction [units, dollars] (7.2 = 36/5) so that the server's SQL and this
 * code round the same way: integer arithmetic, halves rounded up.
 */
export const REFERENCE_RATES = { USD: [1, 1], CNY: [36, 5], EUR: [23, 25] } as const;
export type PriceCurrency = keyof typeof REFERENCE_RATES;

/** `amount` minor units of `currency`, in US cents at the reference rate (an integer; 0 stays 0). */
export function referencePrice(amount: number, currency: PriceCurrency): number {
  const [units, dollars] = REFERENCE_RATES[currency];
  return Math.round((amount * dollars) / units);
}

/** `amount` minor units of one currency in another's at the reference rates, for an "about …" hint. */
export function convertAtReference(amount: number, from: PriceCurrency, to: PriceCurrency): number {
  const [fromUnits, fromDollars] = REFERENCE_RATES[from];
  const [toUnits, toDollars] = REFERENCE_RATES[to];
  return Math.round((amount * fromDollars * toUnits) / (fromUnits * toDollars));
}

/** The same key as `referencePrice`, as SQL over a document's JSON (for the server's migration). */
export function referencePriceSql(amount: string, currency: string): string {
  const cases = Object.entries(REFERENCE_RATES)
    .map(([code, [units, dollars]]) => `WHEN '${code}' THEN ROUND((${amount} * ${dollars})::numeric / ${units})`)
    .join(' ');
  return `(CASE ${currency} ${cases} END)::BIGINT`;
}
