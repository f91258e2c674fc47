import { _electron as electron } from '@playwright/test';
import { findElectronBinary } from '../../scripts/lib/electron-binary.ts';
import { expect, test } from '../support/fixtures.ts';
import { makeTempDir, projectRoot } from '../support/processes.ts';

const binary = findElectronBinary(projectRoot);
if (!binary.available) console.warn(`Electron spec skipped: ${binary.reason}`);

test.describe('the desktop app in Electron', () => {
  test.skip(!binary.available, `Electron spec skipped: ${binary.available ? '' : binary.reason}`);

  test('opens the shell with the sandboxed preload and reads app info over IPC', async ({ syncServer }) => {
    const userData = makeTempDir('zhiku-electron-');
    const app = await electron.launch({
      executablePath: binary.available ? binary.path : '',
      args: [projectRoot],
      env: { ...process.env, ZHIKU_DATA_DIR: userData.path, ZHIKU_SYNC_SERVER_URL: syncServer.url },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.locator('html[data-app-ready="true"]')).toBeAttached();
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => Object.keys((window as unknown as { zhiku: object }).zhiku).sort())).toEqual(['invoke', 'subscribe']);
      await window.getByRole('button', { name: /About|关于/ }).click();
      await expect(window.getByTestId('app-info')).toContainText(/Desktop app|桌面应用/);
    } finally {
      await app.close();
      userData.remove();
    }
  });
});
