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
 * Links that leave the app open with the system's handler: web pages (https, and http — the
 * test checkout on a developer's machine, a course's plain link) in the browser, `mailto:` in
 * the mail app. Nothing else is handed to the OS (file:, smb:, javascript:, custom schemes:
 * Electron's checklist, "Do not use shell.openExternal with untrusted content").
 */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    parsed.hostname !== '' &&
    parsed.username === '' &&
    parsed.password === ''
  )
    return parsed.toString();
  if (parsed.protocol === 'mailto:' && /^[^@\s/%]+@[^@\s/%]+$/.test(parsed.pathname)) return parsed.toString();
  return null;
}

/**
 * Web permissions the app's own page may have: fullscreen (the video player's button) and
 * writing text to the clipboard (About → Copy diagnostics); nothing else, nobody else.
 */
export function isAllowedPermission(permission: string, requestingUrl: string): boolean {
  return (permission === 'fullscreen' || permission === 'clipboard-sanitized-write') && isAppUrl(requestingUrl);
}

/** IPC is answered only for our own top-level page, never for a frame or another origin. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}
