import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from '../../scripts/lib/electron-binary.ts';
import { expect, test } from '../support/fixtures.ts';
import { makeTempDir, projectRoot } from '../support/processes.ts';

/**
 * The desktop shell in real Electron. The binary cannot be downloaded on our build machines,
 * so this spec skips there (saying why) and runs wherever the binary exists; the same shell
 * logic is tested everywhere against a documented stand-in (main/electron/shell/).
 */
const binary = findElectronBinary(projectRoot);
if (!binary.available) console.warn(`Electron spec skipped: ${binary.reason}`);

function launch(dataDir: string, serverUrl: string, extraArgs: string[] = []): Promise<ElectronApplication> {
  return electron.launch({
    executablePath: binary.available ? binary.path : '',
    args: [projectRoot, ...extraArgs],
    env: { ...process.env, ZHIKU_DATA_DIR: dataDir, ZHIKU_SYNC_SERVER_URL: serverUrl },
  });
}

async function ready(app: ElectronApplication): Promise<Page> {
  const window = await app.firstWindow();
  await expect(window.locator('html[data-app-ready="true"]')).toBeAttached();
  return window;
}

/** A second launch of the app on the same data folder, as a user or the OS (a zhiku:// link) starts it. */
function secondLaunch(dataDir: string, serverUrl: string, args: string[]): Promise<number | null> {
  const child = spawn(binary.available ? binary.path : '', [projectRoot, ...args], {
    env: { ...process.env, ZHIKU_DATA_DIR: dataDir, ZHIKU_SYNC_SERVER_URL: serverUrl },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.once('exit', resolve));
}

const invoke = (window: Page, name: string, input: unknown) =>
  window.evaluate(
    ([n, i]) =>
      (
        window as unknown as {
          zhiku: { invoke(name: string, input: unknown): Promise<{ ok: boolean; value?: unknown }> };
        }
      ).zhiku.invoke(n, i),
    [name, input] as const,
  );

test.describe('the desktop app in Electron', () => {
  test.skip(!binary.available, `Electron spec skipped: ${binary.available ? '' : binary.reason}`);

  test('first launch on a data folder that does not exist yet: the folder is made and the window opens', async ({
    syncServer,
  }) => {
    const root = makeTempDir('zhiku-electron-');
    const dataDir = join(root.path, 'provisioned', 'by', 'it');
    const app = await launch(dataDir, syncServer.url);
    try {
      const window = await ready(app);
      expect(existsSync(dataDir)).toBe(true);
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      );
      expect(await window.evaluate(() => Object.keys((window as unknown as { zhiku: object }).zhiku).sort())).toEqual([
        'invoke',
        'subscribe',
      ]);
      await window.getByRole('button', { name: /About|关于/ }).click();
      await expect(window.getByTestId('app-info')).toContainText(/Desktop app|桌面应用/);
      await expect(window.getByTestId('app-info')).toContainText(dataDir);
    } finally {
      await app.close();
      root.remove();
    }
  });

  test('a second launch and a zhiku:// link reach the running app, which keeps one window', async ({ syncServer }) => {
    const root = makeTempDir('zhiku-electron-');
    const app = await launch(root.path, syncServer.url);
    try {
      await ready(app);
      expect(await secondLaunch(root.path, syncServer.url, [])).toBe(0);
      expect(await secondLaunch(root.path, syncServer.url, ['zhiku://checkout/success?order=ord_electron1'])).toBe(0);
      await expect
        .poll(() => readFileSync(join(root.path, 'logs/main.log'), 'utf8'))
        .toContain('checkout return link: success for ord_electron1');
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    } finally {
      await app.close();
      root.remove();
    }
  });

  test('quitting with a write in flight keeps the write', async ({ syncServer }) => {
    const root = makeTempDir('zhiku-electron-');
    let app = await launch(root.path, syncServer.url);
    try {
      let window = await ready(app);
      expect(
        await invoke(window, 'account.signUp', {
          email: `quit-${Date.now()}@zhiku.test`,
          password: 'a long enough password',
          displayName: 'Quitter',
        }),
      ).toMatchObject({ ok: true });
      expect(await invoke(window, 'creator.become', {})).toMatchObject({ ok: true });
      // The request is sent, and without waiting for its answer the app is asked to quit.
      await window.evaluate(() => {
        void (window as unknown as { zhiku: { invoke(name: string, input: unknown): Promise<unknown> } }).zhiku.invoke(
          'drafts.create',
          { title: { zh: '退出时写入', en: 'Written while quitting' } },
        );
      });
      await app.close();

      app = await launch(root.path, syncServer.url);
      window = await ready(app);
      const drafts = await window.evaluate(
        () =>
          new Promise<unknown>((resolve) =>
            (
              window as unknown as {
                zhiku: { subscribe(name: string, input: unknown, onValue: (value: unknown) => void): () => void };
              }
            ).zhiku.subscribe('drafts.watchMine', {}, resolve),
          ),
      );
      expect(JSON.stringify(drafts)).toContain('Written while quitting');
    } finally {
      await app.close();
      root.remove();
    }
  });
});
