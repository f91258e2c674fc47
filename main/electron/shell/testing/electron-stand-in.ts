import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { ShellApp, ShellEvent, ShellSurface, ShellWebContents, ShellWindow } from '../shell-surface.js';

/**
 * A stand-in for the parts of Electron 45 the shell uses, written from Electron's own API
 * documentation (the comments in node_modules/electron/electron.d.ts, and
 * https://www.electronjs.org/docs/latest/api/app, …/browser-window, …/dialog, …/screen).
 * Each behaviour below quotes the sentence it follows, so it can be checked against the docs.
 * Tests drive it (`emitReady`, `launchSecond`, `openUrl`); it records what the app did.
 */

/** Instances that share a user data folder share one single-instance lock (docs: requestSingleInstanceLock). */
export class LockRegistry {
  readonly holders = new Map<string, StandInApp>();
}

class StandInEvent implements ShellEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class StandInWindow extends EventEmitter implements ShellWindow {
  readonly webContents: ShellWebContents & EventEmitter & { reloads: number };
  private destroyed = false;
  private visible = false;
  private minimized = false;
  private maximized = false;
  loadedUrl: string | undefined;
  focused = 0;

  constructor(
    readonly options: BrowserWindowConstructorOptions,
    private readonly owner: StandInApp,
    private readonly loadFails: { code: number; description: string } | undefined,
  ) {
    super();
    const contents = new EventEmitter() as ShellWebContents & EventEmitter & { reloads: number };
    contents.reloads = 0;
    contents.reload = () => {
      contents.reloads += 1;
    };
    this.webContents = contents;
  }

  /** "Once a window is destroyed, accessing most of its other properties and methods throws `Object has been destroyed`." */
  private alive(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    this.alive();
    return this.minimized;
  }
  isMaximized(): boolean {
    this.alive();
    return this.maximized;
  }
  isVisible(): boolean {
    this.alive();
    return this.visible;
  }
  restore(): void {
    this.alive();
    this.minimized = false;
  }
  minimize(): void {
    this.alive();
    this.minimized = true;
  }
  focus(): void {
    this.alive();
    this.focused += 1;
  }
  show(): void {
    this.alive();
    this.visible = true;
  }
  /** "Maximizes the window. This will also show (but not focus) the window if it isn't being displayed already." */
  maximize(): void {
    this.alive();
    this.maximized = true;
    this.visible = true;
  }
  getNormalBounds(): Rectangle {
    this.alive();
    const { x = 100, y = 100, width = 800, height = 600 } = this.options;
    return { x, y, width, height };
  }
  /**
   * "the promise will resolve when the page has finished loading (see `did-finish-load`), and
   * rejects if the page fails to load (see `did-fail-load`)"; `ready-to-show` is "emitted when
   * the web page has been rendered … while window has not been shown yet" — not on a failed load.
   */
  async loadURL(url: string): Promise<void> {
    this.alive();
    this.loadedUrl = url;
    await new Promise((resolve) => setImmediate(resolve));
    if (this.destroyed) return;
    if (this.loadFails) {
      this.webContents.emit(
        'did-fail-load',
        new StandInEvent(),
        this.loadFails.code,
        this.loadFails.description,
        url,
        true,
      );
      throw new Error(`${this.loadFails.description} (${this.loadFails.code}) loading '${url}'`);
    }
    this.emit('ready-to-show');
  }
  /** The user closes the window: `close` (may be prevented), then `closed`, then it is destroyed. */
  close(): void {
    if (this.destroyed) return;
    const event = new StandInEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
    this.owner.windowClosed(this);
  }
}

export class StandInApp extends EventEmitter implements ShellApp {
  ready = false;
  private readyResolve!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve));
  private userData: string;
  holdsLock = false;
  exitCode: number | undefined;
  quitCalls = 0;
  readonly protocolClients: unknown[][] = [];
  readonly windows: StandInWindow[] = [];

  constructor(
    private readonly locks: LockRegistry,
    private readonly settings: { defaultUserData: string; locale: string; platform: NodeJS.Platform },
  ) {
    super();
    this.userData = settings.defaultUserData;
  }

  /** "If the path specifies a directory that does not exist, an Error is thrown." */
  setPath(name: 'userData', path: string): void {
    if (!existsSync(path) || !statSync(path).isDirectory())
      throw new Error(`Failed to set path: ${path} does not exist`);
    if (name === 'userData') this.userData = path;
  }
  getPath(): string {
    return this.userData;
  }
  /**
   * "This method returns `true` if your process is the primary instance … It returns `false` if
   * your process should immediately quit as it has sent its parameters to another instance";
   * "scoped to the application's user data directory". `second-instance` "is guaranteed to be
   * emitted after the `ready` event".
   */
  requestSingleInstanceLock(): boolean {
    const holder = this.locks.holders.get(this.userData);
    if (holder && holder !== this) {
      holder.deliverSecondInstance(this.argv);
      return false;
    }
    this.locks.holders.set(this.userData, this);
    this.holdsLock = true;
    return true;
  }
  releaseSingleInstanceLock(): void {
    if (this.locks.holders.get(this.userData) === this) this.locks.holders.delete(this.userData);
    this.holdsLock = false;
  }
  argv: readonly string[] = [];
  private deliverSecondInstance(argv: readonly string[]): void {
    void this.whenReady().then(() => this.emit('second-instance', new StandInEvent(), [...argv], '/'));
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  emitReady(): void {
    this.ready = true;
    this.readyResolve();
  }
  /** "On Windows, you have to call it after the `ready` events gets emitted." */
  getLocale(): string {
    if (!this.ready && this.settings.platform === 'win32') throw new Error('getLocale called before ready');
    return this.settings.locale;
  }
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.protocolClients.push(path === undefined ? [protocol] : [protocol, path, args]);
    return true;
  }
  /**
   * "Try to close all windows. The `before-quit` event will be emitted first. If all windows are
   * successfully closed, the `will-quit` event will be emitted and by default the application
   * will terminate." will-quit: "Calling `event.preventDefault()` will prevent the default
   * behavior, which is terminating the application."
   */
  quit(): void {
    this.quitCalls += 1;
    if (this.exitCode !== undefined) return;
    for (const window of [...this.windows]) window.close();
    if (this.windows.some((w) => !w.isDestroyed())) return;
    const event = new StandInEvent();
    this.emit('will-quit', event);
    if (!event.defaultPrevented) this.terminate(0);
  }
  /** "Exits immediately with `exitCode` … the `before-quit` and `will-quit` events will not be emitted." */
  exit(exitCode = 0): void {
    this.terminate(exitCode);
  }
  private terminate(code: number): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = code;
    // The process ends: the OS frees its lock.
    this.releaseSingleInstanceLock();
    this.emit('terminated', code);
  }
  windowClosed(window: StandInWindow): void {
    this.windows.splice(this.windows.indexOf(window), 1);
    // "If you do not subscribe to this event and all windows are closed, the default behavior is to quit the app."
    if (this.windows.length === 0) {
      if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed');
      else this.quit();
    }
  }
  /** macOS: "be sure to register a listener for the `open-url` event early … you'll miss URLs that trigger the launch". */
  openUrl(url: string): boolean {
    const event = new StandInEvent();
    this.emit('open-url', event, url);
    return event.defaultPrevented;
  }
}

export interface StandInOptions {
  locks?: LockRegistry;
  defaultUserData: string;
  locale?: string;
  platform?: NodeJS.Platform;
  argv?: readonly string[];
  defaultApp?: boolean;
  displays?: Rectangle[];
  loadFails?: { code: number; description: string };
}

/** An Electron surface for one launch of the app. */
export function electronStandIn(options: StandInOptions): ShellSurface & {
  app: StandInApp;
  errorBoxes: Array<{ title: string; content: string; shown: 'dialog' | 'stderr' }>;
} {
  const platform = options.platform ?? 'linux';
  const app = new StandInApp(options.locks ?? new LockRegistry(), {
    defaultUserData: options.defaultUserData,
    locale: options.locale ?? 'en-US',
    platform,
  });
  app.argv = options.argv ?? ['/opt/Zhiku/zhiku'];
  const errorBoxes: Array<{ title: string; content: string; shown: 'dialog' | 'stderr' }> = [];
  return {
    app,
    errorBoxes,
    /** "If called before the app `ready` event on Linux, the message will be emitted to stderr, and no GUI dialog will appear." */
    dialog: {
      showErrorBox: (title, content) =>
        errorBoxes.push({ title, content, shown: !app.ready && platform === 'linux' ? 'stderr' : 'dialog' }),
    },
    /** "This module cannot be used until the `ready` event of the `app` module is emitted." */
    screen: {
      getAllDisplays: () => {
        if (!app.ready) throw new Error('screen cannot be used before the app is ready');
        return (options.displays ?? [{ x: 0, y: 0, width: 1920, height: 1040 }]).map((workArea) => ({ workArea }));
      },
    },
    createWindow: (windowOptions) => {
      if (!app.ready) throw new Error('Cannot create BrowserWindow before app is ready');
      const window = new StandInWindow(windowOptions, app, options.loadFails);
      app.windows.push(window);
      return window;
    },
    windowCount: () => app.windows.length,
    process: { argv: app.argv, platform, execPath: app.argv[0]!, defaultApp: options.defaultApp ?? false },
  };
}
