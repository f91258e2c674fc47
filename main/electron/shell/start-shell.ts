import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { DEEP_LINK_SCHEME, deepLinkFromArgv, parseDeepLink, type DeepLink } from '../deep-links.js';
import { protocolClientArgs } from './protocol-client.js';
import { shellMessages } from './shell-messages.js';
import type { ShellEvent, ShellSurface, ShellWindow } from './shell-surface.js';
import { loadWindowState, placeWindow, saveWindowState, type KeyValueStore } from './window-state.js';

/** What the shell needs of a started core. */
export interface ShellCore {
  /** Sync now (a checkout finished in the browser: the purchase should show at once). */
  resync(): void;
  close(): Promise<void>;
}

export interface ShellOptions {
  surface: ShellSurface;
  /** ZHIKU_DATA_DIR: an institution's or a test's data folder, made if it does not exist. */
  dataDir: string | undefined;
  makeDir(path: string): void;
  /** Creates the core and connects it to the UI (app protocol, IPC); anything it throws ends the start with a message. */
  startCore(): Promise<ShellCore>;
  appUrl: string;
  windowOptions(bounds: Partial<Rectangle> & { width: number; height: number }): BrowserWindowConstructorOptions;
  /** The shell's own state (electron-store), opened once the data folder is settled. */
  openStateStore(): KeyValueStore;
  log(message: string, error?: unknown): void;
  /** Where the log is, for the error dialog. */
  logFile(): string;
  /** How long quitting waits for the core to finish its writes. */
  quitTimeoutMs?: number;
  /** Called once, when the first window is on screen (`npm start` waits for it). */
  onWindowShown?: () => void;
}

export type ShellOutcome = 'started' | 'second-instance' | 'failed';

export interface Shell {
  /** Settles once the start-up ended in a window, a hand-over to the running instance, or a message and an exit. */
  outcome: Promise<ShellOutcome>;
  window(): ShellWindow | undefined;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The main process's life: data folder, single instance, deep links, the window, and the quit
 * that waits for the core. Every path ends in a window or in a native message and a clean
 * exit that gives the single-instance lock back — never in an invisible process.
 */
export function startShell(options: ShellOptions): Shell {
  const { app, dialog, process: proc } = options.surface;
  let core: ShellCore | undefined;
  let mainWindow: ShellWindow | undefined;
  let stateStore: KeyValueStore | undefined;
  let pendingLink: DeepLink | null = null;
  let holdsLock = false;
  let quitting: Promise<void> | undefined;
  let coreClosed = false;
  let announced = false;

  // macOS may deliver the link that launched the app before `ready`: listen first, act once the core is up.
  app.on('open-url', (event: ShellEvent, url: string) => {
    event.preventDefault();
    receive(parseDeepLink(url));
  });

  let folderProblem: { folder: string; error: unknown } | undefined;
  if (options.dataDir) {
    try {
      options.makeDir(options.dataDir);
      app.setPath('userData', options.dataDir);
    } catch (error) {
      folderProblem = { folder: options.dataDir, error };
    }
  }
  if (!folderProblem) {
    holdsLock = app.requestSingleInstanceLock();
    if (!holdsLock) {
      // The running instance gets our argv (`second-instance`) and comes to the front; this one must do nothing more.
      app.quit();
      return { outcome: Promise.resolve('second-instance'), window: () => undefined };
    }
  }

  const registration = protocolClientArgs(DEEP_LINK_SCHEME, proc);
  if (registration) app.setAsDefaultProtocolClient(...(registration as [string, string?, string[]?]));

  app.on('second-instance', (_event: ShellEvent, argv: string[]) => {
    bringToFront();
    receive(deepLinkFromArgv(argv));
  });
  app.on('window-all-closed', () => {
    if (proc.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && !quitting && options.surface.windowCount() === 0) mainWindow = openWindow();
  });
  app.on('will-quit', (event: ShellEvent) => {
    if (coreClosed || !core) return;
    // Writes in flight (a note, progress, a token refresh) finish before the process ends.
    event.preventDefault();
    quitting ??= closeCore().then(() => app.quit());
  });
  // Windows and Linux start a cold app with the link on its command line.
  pendingLink = deepLinkFromArgv(proc.argv.slice(1));

  async function closeCore(): Promise<void> {
    const started = core;
    if (!started) return;
    const timeout = options.quitTimeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        started.close(),
        new Promise(
          (_resolve, reject) =>
            (timer = setTimeout(() => reject(new Error(`the core did not close within ${timeout} ms`)), timeout)),
        ),
      ]);
    } catch (error) {
      options.log('closing the core failed', error);
    } finally {
      clearTimeout(timer);
      coreClosed = true;
    }
  }

  function receive(link: DeepLink | null): void {
    if (!link) return;
    if (!core) {
      pendingLink = link;
      return;
    }
    // The link grants nothing: it makes the app sync so the purchase the webhook recorded shows.
    options.log(`checkout return link: ${link.outcome} for ${link.orderId}; syncing`);
    core.resync();
    bringToFront();
  }

  function bringToFront(): void {
    if (!core || quitting) return;
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    if (!mainWindow.isVisible()) mainWindow.show();
    mainWindow.focus();
  }

  function openWindow(): ShellWindow {
    stateStore ??= options.openStateStore();
    const store = stateStore;
    const placement = placeWindow(loadWindowState(store), options.surface.screen.getAllDisplays());
    const window = options.surface.createWindow(options.windowOptions(placement.bounds));
    const show = () => {
      if (window.isDestroyed() || window.isVisible()) return;
      if (placement.maximized) window.maximize();
      window.show();
      if (!announced) {
        announced = true;
        options.onWindowShown?.();
      }
    };
    window.once('ready-to-show', show);
    window.webContents.on('did-fail-load', (_event, errorCode, errorDescription, url, isMainFrame) => {
      // -3 is ERR_ABORTED: a navigation replaced by another, not a failure.
      if (!isMainFrame || errorCode === -3) return;
      options.log(`the window could not load ${url}: ${errorDescription} (${errorCode})`);
      show();
      dialog.showErrorBox(
        shellMessages(app.getLocale()).title,
        shellMessages(app.getLocale()).pageFailed(`${errorDescription} ${errorCode}`),
      );
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      options.log(`the window's renderer ended: ${details.reason}`);
      if (details.reason !== 'clean-exit' && !window.isDestroyed()) window.webContents.reload();
    });
    window.on('close', () => {
      try {
        saveWindowState(store, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
      } catch (error) {
        options.log('the window state could not be saved', error);
      }
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = undefined;
    });
    window.loadURL(options.appUrl).catch((error: unknown) => options.log('loading the window failed', error));
    return window;
  }

  async function fail(text: string, error: unknown): Promise<ShellOutcome> {
    options.log('Zhiku could not start', error);
    const messages = shellMessages(app.getLocale());
    dialog.showErrorBox(messages.title, text);
    await closeCore();
    if (holdsLock) app.releaseSingleInstanceLock();
    app.exit(1);
    return 'failed';
  }

  const outcome = (async (): Promise<ShellOutcome> => {
    await app.whenReady();
    if (folderProblem)
      return fail(
        shellMessages(app.getLocale()).dataFolder(folderProblem.folder, describe(folderProblem.error)),
        folderProblem.error,
      );
    try {
      core = await options.startCore();
      mainWindow = openWindow();
    } catch (error) {
      return fail(shellMessages(app.getLocale()).startup(describe(error), options.logFile()), error);
    }
    const link = pendingLink;
    pendingLink = null;
    receive(link);
    return 'started';
  })();

  return { outcome, window: () => mainWindow };
}
