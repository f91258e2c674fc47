import { describe, expect, it } from 'vitest';
import { convertAtReference, referencePrice } from './reference-price.js';

describe('reference prices', () => {
  it('order a mixed-currency list by what the prices are worth, not by their digits', () => {
    // US$19.99, €24.00 and ¥89.00: by digits 1999 < 2400 < 8900; by worth ¥89 (≈ US$12.36) is the cheapest.
    const prices = [
      { amount: 1999, currency: 'USD' as const },
      { amount: 2400, currency: 'EUR' as const },
      { amount: 8900, currency: 'CNY' as const },
    ];
    const order = [...prices].sort(
      (a, b) => referencePrice(a.amount, a.currency) - referencePrice(b.amount, b.currency),
    );
    expect(order.map((p) => p.currency)).toEqual(['CNY', 'USD', 'EUR']);
    expect(referencePrice(8900, 'CNY')).toBe(1236);
    expect(referencePrice(2400, 'EUR')).toBe(2609);
    expect(referencePrice(1999, 'USD')).toBe(1999);
  });

  it('keep free courses at zero and convert for a hint', () => {
    expect(referencePrice(0, 'CNY')).toBe(0);
    expect(convertAtReference(1000, 'USD', 'CNY')).toBe(7200);
    expect(convertAtReference(7200, 'CNY', 'EUR')).toBe(920);
  });
});
