/** What a `zhiku://` link asks for; anything else is ignored. */
export type DeepLink = { kind: 'checkout-finished'; orderId: string; outcome: 'success' | 'cancel' };

export const DEEP_LINK_SCHEME = 'zhiku';

/**
 * Parses the links the app is opened with (Stripe sends the browser back to
 * `zhiku://checkout/success?order=…`). The link never grants anything: it only makes the
 * app sync at once so the entitlement written by the webhook shows up.
 */
export function parseDeepLink(raw: string): DeepLink | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.hostname !== 'checkout') return null;
  const outcome = url.pathname.replace(/^\//, '');
  const orderId = url.searchParams.get('order') ?? '';
  if ((outcome !== 'success' && outcome !== 'cancel') || !/^ord_[A-Za-z0-9_-]{1,40}$/.test(orderId)) return null;
  return { kind: 'checkout-finished', orderId, outcome };
}

/** Windows and Linux pass the link as a command-line argument of the second instance. */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  for (const arg of argv) {
    const link = parseDeepLink(arg);
    if (link) return link;
  }
  return null;
}
