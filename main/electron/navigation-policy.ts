import { APP_ORIGIN } from '../../common/channels.js';

/** The window may only ever show our own UI. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * Links the user clicks that leave the app open in the system browser, but only plain
 * https pages; anything else (file:, javascript:, custom schemes) is dropped.
 */
export function externalBrowserUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** IPC is answered only for our own top-level page, never for a frame or another origin. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}

/** Checkout pages: Stripe's (https), or the embedded test checkout on this machine's loopback server. */
export function checkoutBrowserUrl(url: string): string | null {
  const https = externalBrowserUrl(url);
  if (https) return https;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost') ? parsed.toString() : null;
  } catch {
    return null;
  }
}
