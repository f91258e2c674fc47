import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../common/channels.js';
import { externalLinkTarget, isAllowedPermission, isAppUrl, isTrustedSender } from './navigation-policy.js';
import { buildMainWindowOptions } from './window-options.js';

describe('the main window', () => {
  it('follows Electron’s security checklist', () => {
    const { webPreferences } = buildMainWindowOptions({ preloadPath: '/app/out/preload/index.cjs' });
    expect(webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
  });
});

describe('navigation policy', () => {
  it('lets the window show only the app’s own origin', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    for (const url of [
      'https://zhiku.example/',
      'file:///etc/passwd',
      'zhiku-app://other/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url)).toBe(false);
    }
  });

  it('hands web pages and mail links to the system, and nothing else', () => {
    expect(externalLinkTarget('https://checkout.stripe.com/c/pay')).toBe('https://checkout.stripe.com/c/pay');
    // The embedded test checkout on a developer's machine, and a course's plain link.
    expect(externalLinkTarget('http://127.0.0.1:4780/v1/test-checkout/cs_test_local_x')).toBe(
      'http://127.0.0.1:4780/v1/test-checkout/cs_test_local_x',
    );
    expect(externalLinkTarget('mailto:support@zhiku.example?subject=Hi')).toBe(
      'mailto:support@zhiku.example?subject=Hi',
    );
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'smb://host/share',
      'https://user:pw@example.com',
      'javascript:alert(1)',
      'zhiku://checkout/success',
      'mailto:',
      'mailto:not-an-address',
      'ms-msdt:/id',
      'not a url',
    ]) {
      expect(externalLinkTarget(url), url).toBeNull();
    }
  });

  it('allows the video player fullscreen and copying diagnostics on the app’s own page, and refuses every other permission', () => {
    expect(isAllowedPermission('fullscreen', `${APP_ORIGIN}/index.html#/lesson/l1`)).toBe(true);
    expect(isAllowedPermission('clipboard-sanitized-write', `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAllowedPermission('fullscreen', 'https://evil.example/')).toBe(false);
    expect(isAllowedPermission('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'pointerLock'])
      expect(isAllowedPermission(permission, `${APP_ORIGIN}/index.html`)).toBe(false);
  });

  it('answers IPC only from the app’s own top-level frame', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});
