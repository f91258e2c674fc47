import { describe, expect, it } from 'vitest';
import { checkoutPaymentMethods, parsePaymentMethods } from './payment-methods.js';

describe('payment methods', () => {
  it('offer Alipay and WeChat Pay where they work, and cards always', () => {
    const all = ['card', 'alipay', 'wechat_pay'] as const;
    expect(checkoutPaymentMethods(all, 'CNY', 'payment')).toEqual(['card', 'alipay', 'wechat_pay']);
    expect(checkoutPaymentMethods(all, 'usd', 'payment')).toEqual(['card', 'alipay', 'wechat_pay']);
    // Alipay presents in NZD, WeChat Pay does not; WeChat Pay in CHF, Alipay does not.
    expect(checkoutPaymentMethods(all, 'NZD', 'payment')).toEqual(['card', 'alipay']);
    expect(checkoutPaymentMethods(all, 'CHF', 'payment')).toEqual(['card', 'wechat_pay']);
    // Neither in a currency they do not take, nor for subscriptions.
    expect(checkoutPaymentMethods(all, 'BRL', 'payment')).toEqual(['card']);
    expect(checkoutPaymentMethods(all, 'CNY', 'subscription')).toEqual(['card']);
    // Only what the account turned on, in its order, cards first.
    expect(checkoutPaymentMethods(['wechat_pay'], 'CNY', 'payment')).toEqual(['card', 'wechat_pay']);
    expect(checkoutPaymentMethods([], 'CNY', 'payment')).toEqual(['card']);
  });

  it('read the operator’s list and name what is not a method', () => {
    expect(parsePaymentMethods(' card, alipay ,wechat_pay')).toEqual({ methods: ['card', 'alipay', 'wechat_pay'] });
    expect(parsePaymentMethods('card,paypal,unionpay')).toEqual({ unknown: ['paypal', 'unionpay'] });
  });
});
