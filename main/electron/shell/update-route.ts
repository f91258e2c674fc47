import { dirname, join } from 'node:path';

/** Whether this install updates itself, or is kept current by whoever installed it. */
export type UpdateRoute = { kind: 'self' } | { kind: 'managed'; reason: string };

/**
 * electron-updater replaces an app the way its installer put it there: the NSIS installer on
 * Windows, the zip (Squirrel.Mac) for an app in /Applications, the AppImage file on Linux.
 * Anything else — an MSI or a pkg rolled out by IT, a deb or rpm from a package manager, a
 * portable folder, an app still inside its disk image — would get a second, parallel copy or
 * a failing update, so it is left to its installer (docs/it-admin-guide.md, "Updates").
 */
export function updateRouteFor(install: {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  execPath: string;
  productFileName: string;
  appId: string;
  env: Readonly<Record<string, string | undefined>>;
  exists: (path: string) => boolean;
}): UpdateRoute {
  if (!install.isPackaged) return { kind: 'managed', reason: 'a development build' };
  if (install.platform === 'win32') {
    // The NSIS installer leaves its uninstaller next to the executable; MSI and portable copies do not.
    return install.exists(join(dirname(install.execPath), `Uninstall ${install.productFileName}.exe`))
      ? { kind: 'self' }
      : { kind: 'managed', reason: 'installed by an MSI package or copied by hand: IT deploys new versions' };
  }
  if (install.platform === 'darwin') {
    if (install.execPath.startsWith('/Volumes/'))
      return { kind: 'managed', reason: 'running from the disk image: move Zhiku to Applications to get updates' };
    // A pkg leaves a receipt under its identifier (the appId); MDM tools deploy those.
    if (install.exists(`/var/db/receipts/${install.appId}.plist`))
      return { kind: 'managed', reason: 'installed by a pkg package: IT deploys new versions' };
    return { kind: 'self' };
  }
  return install.env.APPIMAGE
    ? { kind: 'self' }
    : { kind: 'managed', reason: 'installed by a deb or rpm package: the package manager updates it' };
}
