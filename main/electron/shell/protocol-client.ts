import { resolve } from 'node:path';

/**
 * Arguments for `app.setAsDefaultProtocolClient`. A packaged app registers itself. In
 * development (`process.defaultApp`, started as `electron <app>`), the bare Electron binary
 * would open its default app, so the app's path goes with it — Electron's own "Deep Links"
 * tutorial does the same.
 */
export function protocolClientArgs(
  scheme: string,
  proc: { defaultApp: boolean; argv: readonly string[]; execPath: string },
): [string] | [string, string, string[]] | null {
  if (!proc.defaultApp) return [scheme];
  const appPath = proc.argv[1];
  return appPath && !appPath.startsWith('-') ? [scheme, proc.execPath, [resolve(appPath)]] : null;
}
