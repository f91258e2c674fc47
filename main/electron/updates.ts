import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { Provisioning } from '../../common/provisioning.js';

const SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * Updates through electron-updater's generic provider. An institution's provisioning decides:
 * its own feed, or `off` when IT rolls versions out itself; without provisioning, the feed the
 * build was published with. Downloads happen in the background and install on quit; the core
 * backs the database up before a newer schema migrates it (main/core/database).
 */
export function startUpdates(provisioning: Provisioning | undefined, log: (message: string, error?: unknown) => void): void {
  if (!app.isPackaged) return;
  const updates = provisioning?.updates;
  if (updates === 'off') {
    log('updates are turned off by the institution');
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
