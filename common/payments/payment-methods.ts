/**
 * The ways a learner can pay through Stripe Checkout, and where each one works. Alipay and
 * WeChat Pay are what most learners in China use; Stripe offers them only for one-time
 * payments in certain currencies (and to accounts in certain countries — which is why the
 * operator names the methods their Stripe account has turned on). Cards work everywhere and
 * are always offered, so every checkout has a way to pay.
 *
 * Currencies are Stripe's Checkout presentment currencies for each method (Stripe's
 * "Accept an Alipay payment" and "Accept a WeChat Pay payment" guides).
 */
export const PAYMENT_METHODS = ['card', 'alipay', 'wechat_pay'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type CheckoutMode = 'payment' | 'subscription';

const RULES: Record<
  Exclude<PaymentMethod, 'card'>,
  { currencies: readonly string[]; modes: readonly CheckoutMode[] }
> = {
  alipay: {
    currencies: ['aud', 'cad', 'cny', 'eur', 'gbp', 'hkd', 'jpy', 'nzd', 'sgd', 'usd', 'myr'],
    modes: ['payment'],
  },
  wechat_pay: {
    currencies: ['aud', 'cad', 'cny', 'eur', 'gbp', 'hkd', 'jpy', 'sgd', 'usd', 'dkk', 'nok', 'sek', 'chf'],
    modes: ['payment'],
  },
};

/**
 * The methods a checkout offers: cards always, then each method the account has turned on
 * that works for this currency and kind of checkout, in the order the operator listed them.
 */
export function checkoutPaymentMethods(
  enabled: readonly PaymentMethod[],
  currency: string,
  mode: CheckoutMode,
): PaymentMethod[] {
  const code = currency.toLowerCase();
  const extra = enabled.filter(
    (method): method is Exclude<PaymentMethod, 'card'> =>
      method !== 'card' && RULES[method].currencies.includes(code) && RULES[method].modes.includes(mode),
  );
  return ['card', ...new Set(extra)];
}

/** The operator's list (`card,alipay,wechat_pay`), or the names it contains that are not payment methods. */
export function parsePaymentMethods(text: string): { methods: PaymentMethod[] } | { unknown: string[] } {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(PAYMENT_METHODS as readonly string[]).includes(name));
  return unknown.length > 0 ? { unknown } : { methods: names as PaymentMethod[] };
}
