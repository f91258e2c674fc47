import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { DEFAULT_SIZE, MIN_SIZE } from './shell/window-state.js';

/**
 * The main window's options, as a pure function so a test can hold the security settings
 * to Electron's checklist without starting Electron. Tests and production use the same.
 */
export function buildMainWindowOptions(options: {
  preloadPath: string;
  iconPath?: string;
  bounds?: Partial<Rectangle> & { width: number; height: number };
}): BrowserWindowConstructorOptions {
  return {
    ...(options.bounds ?? DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Zhiku',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
