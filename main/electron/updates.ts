import electronUpdater from 'electron-updater';
import type { Provisioning } from '../../common/provisioning.js';
import type { UpdateRoute } from './shell/update-route.js';

const SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * Updates through electron-updater's generic provider, only for installs it can replace
 * (update-route.ts: NSIS, an app from the dmg/zip, an AppImage); MSI, pkg, deb and rpm
 * installs are kept current by IT or the package manager. An institution's provisioning
 * decides the feed, or `off`. Downloads happen in the background and install on quit; the
 * core backs the database up before a newer schema migrates it (main/core/database).
 */
export function startUpdates(
  provisioning: Provisioning | undefined,
  route: UpdateRoute,
  log: (message: string, error?: unknown) => void,
): void {
  if (route.kind === 'managed') {
    log(`updates: not checked by the app (${route.reason})`);
    return;
  }
  const updates = provisioning?.updates;
  if (updates === 'off') {
    log('updates: turned off by the institution');
    return;
  }
  const { autoUpdater } = electronUpdater;
  if (updates) autoUpdater.setFeedURL({ provider: 'generic', url: updates.feedUrl });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('error', (error) => log('update check failed', error));
  const check = () => void autoUpdater.checkForUpdates().catch((error: unknown) => log('update check failed', error));
  check();
  setInterval(check, SIX_HOURS).unref();
}
