/**
 * The renderer's Content-Security-Policy. No inline script, no eval, no remote code:
 * only the app's own origin. `connectSources` adds what the page may talk to (the web
 * host's WebSocket in web mode; nothing extra in Electron, where IPC is not a fetch).
 */
export function buildContentSecurityPolicy(options: { connectSources?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connectSources ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    // The PDF viewer's worker is a file of the app itself.
    "worker-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
