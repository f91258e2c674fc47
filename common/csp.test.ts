import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from './csp.js';

describe('the renderer CSP', () => {
  it('allows no inline script, eval, plugins or framing', () => {
    const csp = buildContentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('adds only the connect sources it is given', () => {
    expect(buildContentSecurityPolicy({ connectSources: ['ws://127.0.0.1:4781'] })).toContain(
      "connect-src 'self' ws://127.0.0.1:4781",
    );
    expect(buildContentSecurityPolicy()).toContain("connect-src 'self';");
  });
});
