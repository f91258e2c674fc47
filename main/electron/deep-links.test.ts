import { describe, expect, it } from 'vitest';
import { deepLinkFromArgv, parseDeepLink } from './deep-links.js';

describe('zhiku:// deep links', () => {
  it('recognise the checkout return links', () => {
    expect(parseDeepLink('zhiku://checkout/success?order=ord_abc123')).toEqual({
      kind: 'checkout-finished',
      orderId: 'ord_abc123',
      outcome: 'success',
    });
    expect(parseDeepLink('zhiku://checkout/cancel?order=ord_abc123')).toMatchObject({ outcome: 'cancel' });
    expect(deepLinkFromArgv(['/opt/Zhiku/zhiku', '--flag', 'zhiku://checkout/success?order=ord_x'])).toMatchObject({
      orderId: 'ord_x',
    });
  });

  it('ignore anything else', () => {
    for (const raw of [
      'https://checkout/success?order=ord_1',
      'zhiku://grant/course?id=x',
      'zhiku://checkout/success',
      'zhiku://checkout/success?order=../../x',
      'zhiku://checkout/delete?order=ord_1',
      'not a url',
    ]) {
      expect(parseDeepLink(raw)).toBeNull();
    }
    expect(deepLinkFromArgv(['--inspect'])).toBeNull();
  });
});
