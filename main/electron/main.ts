import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, screen, session, shell } from 'electron';
import ElectronStore from 'electron-store';
import { APP_ORIGIN } from '../../common/channels.js';
import { APP_VERSION } from '../app-version.js';
import { createCore } from '../core/create-core.js';
import { provisioningLocations } from '../core/provisioning/provisioning-file.js';
import { workerNextTo } from '../core/recommend/recommender-worker.js';
import { declareAppScheme, serveAppScheme } from './app-protocol.js';
import { registerIpcBridge } from './ipc-bridge.js';
import { externalLinkTarget, isAllowedPermission, isAppUrl } from './navigation-policy.js';
import { mainLog } from './shell/main-log.js';
import { osKeychain } from './shell/os-keychain.js';
import type { ShellSurface } from './shell/shell-surface.js';
import { startShell } from './shell/start-shell.js';
import { updateRouteFor } from './shell/update-route.js';
import { windowStateSchema, type SavedWindowState } from './shell/window-state.js';
import { startUpdates } from './updates.js';
import { buildMainWindowOptions } from './window-options.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');
const logger = mainLog(() => app.getPath('userData'));

// Before `ready`: our scheme behaves like https.
declareAppScheme();

/** Hands a link to the system (browser, mail app) when the policy allows it; says so when it does not. */
function openOutside(url: string): void {
  const target = externalLinkTarget(url);
  if (target)
    shell.openExternal(target).catch((error: unknown) => logger.log('the system could not open a link', error));
  else logger.log(`a link was not opened (not a web page or mail address): ${url.slice(0, 80)}`);
}

/** Electron's security checklist, applied to every web contents the app ever creates. */
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openOutside(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
});

const surface: ShellSurface = {
  app,
  dialog,
  // Only used once the app is ready, as Electron requires of `screen`.
  screen: { getAllDisplays: () => screen.getAllDisplays() },
  createWindow: (options) => new BrowserWindow(options),
  windowCount: () => BrowserWindow.getAllWindows().length,
  process: {
    argv: process.argv,
    platform: process.platform,
    execPath: process.execPath,
    defaultApp: process.defaultApp === true,
  },
};

startShell({
  surface,
  // Institutions and tests may point the app at its own data folder and sync server.
  dataDir: process.env.ZHIKU_DATA_DIR,
  makeDir: (path) => mkdirSync(path, { recursive: true, mode: 0o700 }),
  appUrl: `${APP_ORIGIN}/index.html`,
  windowOptions: (bounds) =>
    buildMainWindowOptions({ preloadPath, iconPath: join(here, '../../resources/icons/icon.png'), bounds }),
  openStateStore: () =>
    new ElectronStore<{ window: SavedWindowState }>({
      name: 'window-state',
      schema: windowStateSchema,
      clearInvalidConfig: true,
    }),
  log: logger.log,
  logFile: logger.file,
  // `npm start` waits for this line to know the desktop app came up (else it starts web mode).
  ...(process.env.ZHIKU_READY_LINE === '1'
    ? { onWindowShown: () => void process.stdout.write(`${JSON.stringify({ event: 'ready', runtime: 'electron' })}\n`) }
    : {}),
  async startCore() {
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
      callback(isAllowedPermission(permission, details.requestingUrl)),
    );
    session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
      isAllowedPermission(permission, requestingOrigin),
    );
    const provisionedServerUrl = process.env.ZHIKU_SYNC_SERVER_URL;
    const core = await createCore({
      dataDir: app.getPath('userData'),
      appVersion: APP_VERSION,
      runtime: 'electron',
      versions: { electron: process.versions.electron, chrome: process.versions.chrome },
      // Answers are checked against the contract while developing, not in the shipped app.
      checkOutputs: !app.isPackaged,
      systemLocale: app.getLocale(),
      recommendWorker: workerNextTo(import.meta.url),
      provisioning: {
        locations: provisioningLocations({
          explicit: process.env.ZHIKU_PROVISIONING_FILE,
          platform: process.platform,
          env: process.env,
          resourcesDir: process.resourcesPath,
        }),
        installerKeyPath: join(process.resourcesPath, 'provisioning', 'server-key.pem'),
      },
      // Tokens and the content key: the OS keychain, or protected files the learner is told about.
      secrets: await osKeychain(safeStorage, process.platform),
      initialSettings: provisionedServerUrl ? { syncServerUrl: provisionedServerUrl } : {},
      openExternal: async (url: string) => openOutside(url),
    });
    // Registered once the core exists: the scheme also serves opened lessons' media from it.
    serveAppScheme(rendererDir, core.media, core.covers);
    registerIpcBridge(ipcMain, core);
    const route = updateRouteFor({
      isPackaged: app.isPackaged,
      platform: process.platform,
      execPath: process.execPath,
      productFileName: 'Zhiku',
      appId: 'com.zhiku.desktop',
      env: process.env,
      exists: existsSync,
    });
    void core.provisioning.ready().then(() => startUpdates(core.provisioning.current(), route, logger.log));
    return { resync: () => core.sync.resync(), close: () => core.close() };
  },
});
