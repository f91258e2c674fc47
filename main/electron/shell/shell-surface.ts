import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';

/**
 * The part of Electron the shell uses, as an interface: main.ts hands in the real modules,
 * tests a stand-in that follows the documented behaviour of each call (shell-stand-in.ts).
 * Keep every member here a real Electron API with its real signature.
 */
export interface ShellEvent {
  preventDefault(): void;
}

export interface ShellApp {
  setPath(name: 'userData', path: string): void;
  getPath(name: 'userData'): string;
  requestSingleInstanceLock(): boolean;
  releaseSingleInstanceLock(): void;
  whenReady(): Promise<void>;
  quit(): void;
  exit(exitCode?: number): void;
  getLocale(): string;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(event: 'open-url', listener: (event: ShellEvent, url: string) => void): unknown;
  on(
    event: 'second-instance',
    listener: (event: ShellEvent, argv: string[], workingDirectory: string) => void,
  ): unknown;
  on(event: 'will-quit', listener: (event: ShellEvent) => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
}

export interface ShellWebContents {
  on(
    event: 'did-fail-load',
    listener: (
      event: ShellEvent,
      errorCode: number,
      errorDescription: string,
      validatedURL: string,
      isMainFrame: boolean,
    ) => void,
  ): unknown;
  on(event: 'render-process-gone', listener: (event: ShellEvent, details: { reason: string }) => void): unknown;
  reload(): void;
}

export interface ShellWindow {
  readonly webContents: ShellWebContents;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isVisible(): boolean;
  restore(): void;
  focus(): void;
  show(): void;
  maximize(): void;
  getNormalBounds(): Rectangle;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close' | 'closed', listener: () => void): unknown;
}

export interface ShellSurface {
  app: ShellApp;
  dialog: { showErrorBox(title: string, content: string): void };
  screen: { getAllDisplays(): Array<{ workArea: Rectangle }> };
  createWindow(options: BrowserWindowConstructorOptions): ShellWindow;
  windowCount(): number;
  /** The process as Electron describes it: `defaultApp` is true when started as `electron path/to/app`. */
  process: { argv: readonly string[]; platform: NodeJS.Platform; execPath: string; defaultApp: boolean };
}
