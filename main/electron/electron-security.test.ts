import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../common/channels.js';
import { checkoutBrowserUrl, externalBrowserUrl, isAppUrl, isTrustedSender } from './navigation-policy.js';
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
    for (const url of ['https://zhiku.example/', 'file:///etc/passwd', 'zhiku-app://other/index.html', 'javascript:alert(1)', 'not a url']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });

  it('opens only plain https links in the system browser', () => {
    expect(externalBrowserUrl('https://checkout.stripe.com/c/pay')).toBe('https://checkout.stripe.com/c/pay');
    for (const url of ['http://example.com', 'file:///C:/Windows/System32/calc.exe', 'smb://host/share', 'https://user:pw@example.com', 'javascript:alert(1)']) {
      expect(externalBrowserUrl(url)).toBeNull();
    }
  });

  it('opens checkout pages only on Stripe (https) or the local test checkout', () => {
    expect(checkoutBrowserUrl('https://checkout.stripe.com/c/pay/cs_1')).toBe('https://checkout.stripe.com/c/pay/cs_1');
    expect(checkoutBrowserUrl('http://127.0.0.1:4780/v1/test-checkout/cs_test_local_x')).toBe('http://127.0.0.1:4780/v1/test-checkout/cs_test_local_x');
    expect(checkoutBrowserUrl('http://evil.example/checkout')).toBeNull();
    expect(checkoutBrowserUrl('file:///etc/passwd')).toBeNull();
  });

  it('answers IPC only from the app’s own top-level frame', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});
