import { startUpdates } from './updates.js';
import { provisioningLocations } from '../core/provisioning/provisioning-file.js';
import { workerNextTo } from '../core/recommend/recommender-worker.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, safeStorage, session, shell } from 'electron';
import { APP_ORIGIN } from '../../common/channels.js';
import { APP_VERSION } from '../app-version.js';
import { createCore, type Core } from '../core/create-core.js';
import { declareAppScheme, serveAppScheme } from './app-protocol.js';
import { registerIpcBridge } from './ipc-bridge.js';
import { DEEP_LINK_SCHEME, deepLinkFromArgv, parseDeepLink, type DeepLink } from './deep-links.js';
import { checkoutBrowserUrl, externalBrowserUrl, isAppUrl } from './navigation-policy.js';
import { buildMainWindowOptions } from './window-options.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');

declareAppScheme();
// Institutions and tests may point the app at its own data folder and sync server.
if (process.env.ZHIKU_DATA_DIR) app.setPath('userData', process.env.ZHIKU_DATA_DIR);
const provisionedServerUrl = process.env.ZHIKU_SYNC_SERVER_URL;
if (!app.requestSingleInstanceLock()) app.quit();

let core: Core | undefined;
let mainWindow: BrowserWindow | undefined;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(buildMainWindowOptions({ preloadPath, iconPath: join(here, '../../resources/icons/icon.png') }));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** Electron's security checklist, applied to every web contents the app ever creates. */
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalBrowserUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
});

app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

/** Back from the browser's checkout: sync now so the purchase shows; the link itself grants nothing. */
function handleDeepLink(link: DeepLink | null): void {
  if (!link) return;
  core?.sync.resync();
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
}

app.on('second-instance', (_event, argv) => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
  handleDeepLink(deepLinkFromArgv(argv));
});
app.on('open-url', (event, url) => {
  event.preventDefault();
  handleDeepLink(parseDeepLink(url));
});

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  core = await createCore({
    dataDir: app.getPath('userData'),
    appVersion: APP_VERSION,
    runtime: 'electron',
    versions: { electron: process.versions.electron, chrome: process.versions.chrome },
    systemLocale: app.getLocale(),
    recommendWorker: workerNextTo(import.meta.url),
    provisioning: {
      locations: provisioningLocations({ explicit: process.env.ZHIKU_PROVISIONING_FILE, platform: process.platform, env: process.env, resourcesDir: process.resourcesPath }),
      installerKeyPath: join(process.resourcesPath, 'provisioning', 'server-key.pem'),
    },
    // Tokens and the content key are sealed by the OS keychain (DPAPI, Keychain, libsecret).
    ...(safeStorage.isEncryptionAvailable()
      ? { secretCodec: { encrypt: (plain: string) => safeStorage.encryptString(plain), decrypt: (sealed: Buffer) => safeStorage.decryptString(sealed) } }
      : {}),
    initialSettings: provisionedServerUrl ? { syncServerUrl: provisionedServerUrl } : {},
    openExternal: async (url: string) => {
      const allowed = checkoutBrowserUrl(url);
      if (allowed) await shell.openExternal(allowed);
    },
  });
  // Registered once the core exists: the scheme also serves opened lessons' media from it.
  serveAppScheme(rendererDir, core.media, core.covers);
  registerIpcBridge(ipcMain, core);
  const started = core;
  void started.provisioning.ready().then(() => startUpdates(started.provisioning.current(), (message, error) => console.warn(`[updates] ${message}`, error ?? '')));
  mainWindow = createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void core?.close();
});
