import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/helpers.js';
import { startShell, type ShellCore, type ShellOptions } from './start-shell.js';
import { electronStandIn, LockRegistry, type StandInOptions } from './testing/electron-stand-in.js';
import { windowStateSchema, type SavedWindowState } from './window-state.js';

const newDir = useTempDirs();
const tick = () => new Promise((resolve) => setImmediate(resolve));
const link = 'zhiku://checkout/success?order=ord_abc123';

/** A core that records what the shell asks of it. */
function recordingCore(closeTakesMs = 0): ShellCore & { resyncs: number; closed: boolean; closing: boolean } {
  const core = {
    resyncs: 0,
    closed: false,
    closing: false,
    resync() {
      core.resyncs += 1;
    },
    async close() {
      core.closing = true;
      await new Promise((resolve) => setTimeout(resolve, closeTakesMs));
      core.closed = true;
    },
  };
  return core;
}

/** One launch of the app on the stand-in, with the shell's production wiring apart from Electron itself. */
function launch(standIn: StandInOptions, overrides: Partial<ShellOptions> & { core?: ShellCore } = {}) {
  const surface = electronStandIn(standIn);
  const logs: string[] = [];
  const core = overrides.core ?? recordingCore();
  let coreStarts = 0;
  const shell = startShell({
    surface,
    dataDir: undefined,
    makeDir: () => undefined,
    appUrl: 'zhiku-app://app/index.html',
    windowOptions: (bounds) => ({ ...bounds, show: false }),
    openStateStore: () =>
      new Conf<{ window: SavedWindowState }>({
        cwd: surface.app.getPath('userData'),
        configName: 'window-state',
        schema: windowStateSchema,
        clearInvalidConfig: true,
        projectName: 'zhiku',
      }),
    log: (message, error) => logs.push(error instanceof Error ? `${message}: ${error.message}` : message),
    logFile: () => join(surface.app.getPath('userData'), 'logs/main.log'),
    ...overrides,
    startCore: async () => {
      coreStarts += 1;
      return overrides.startCore ? overrides.startCore() : core;
    },
  });
  return { surface, app: surface.app, shell, logs, core, coreStarts: () => coreStarts };
}

describe('the desktop shell on a stand-in Electron', () => {
  it('makes a fresh data folder before setPath, which throws for a missing one, and ends in a window', async () => {
    const fresh = join(newDir(), 'provisioned', 'zhiku-data');
    const { app, shell, surface } = launch({ defaultUserData: newDir() }, { dataDir: fresh, makeDir: () => undefined });
    // The stand-in's setPath throws for a missing folder, as Electron's does: without mkdir the start fails.
    app.emitReady();
    expect(await shell.outcome).toBe('failed');
    expect(surface.errorBoxes[0]!.content).toContain(fresh);

    let shown = 0;
    const again = launch(
      { defaultUserData: newDir() },
      { dataDir: fresh, makeDir: (path) => mkdirSync(path, { recursive: true }), onWindowShown: () => (shown += 1) },
    );
    again.app.emitReady();
    expect(await again.shell.outcome).toBe('started');
    expect(again.app.getPath('userData')).toBe(fresh);
    const window = again.shell.window()!;
    await tick();
    await tick();
    expect(window.isVisible()).toBe(true);
    expect(shown).toBe(1);
    expect(again.app.holdsLock).toBe(true);
  });

  it('turns a data folder it cannot make into a message after ready (not lost on stderr), then exits giving the lock back', async () => {
    const blocker = join(newDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const locks = new LockRegistry();
    const { app, shell, surface, coreStarts, logs } = launch(
      { defaultUserData: newDir(), locks, locale: 'zh-CN' },
      { dataDir: join(blocker, 'data'), makeDir: (path) => mkdirSync(path, { recursive: true }) },
    );
    app.emitReady();
    expect(await shell.outcome).toBe('failed');
    expect(surface.errorBoxes).toHaveLength(1);
    expect(surface.errorBoxes[0]).toMatchObject({ title: '知库无法启动', shown: 'dialog' });
    expect(surface.errorBoxes[0]!.content).toContain(join(blocker, 'data'));
    expect(surface.errorBoxes[0]!.content).toContain('ZHIKU_DATA_DIR');
    expect(app.exitCode).toBe(1);
    expect(coreStarts()).toBe(0);
    expect(logs.join('\n')).toContain('could not start');
    expect(app.holdsLock).toBe(false);
  });

  it('reports a core that fails to start in a native dialog, releases the lock and exits, so the next launch starts normally', async () => {
    const userData = newDir();
    const locks = new LockRegistry();
    const first = launch(
      { defaultUserData: userData, locks },
      { startCore: () => Promise.reject(new Error('SQLITE_CANTOPEN: unable to open database file')) },
    );
    first.app.emitReady();
    expect(await first.shell.outcome).toBe('failed');
    expect(first.surface.errorBoxes[0]).toMatchObject({ title: 'Zhiku cannot start', shown: 'dialog' });
    expect(first.surface.errorBoxes[0]!.content).toContain('SQLITE_CANTOPEN');
    expect(first.surface.errorBoxes[0]!.content).toContain(join(userData, 'logs/main.log'));
    expect(first.app.exitCode).toBe(1);
    expect(first.app.windows).toEqual([]);

    const next = launch({ defaultUserData: userData, locks });
    next.app.emitReady();
    expect(await next.shell.outcome).toBe('started');
  });

  it('a second launch hands its deep link to the running app and does nothing else', async () => {
    const userData = newDir();
    const locks = new LockRegistry();
    const primary = launch({ defaultUserData: userData, locks });
    primary.app.emitReady();
    await primary.shell.outcome;
    const window = primary.app.windows[0]!;
    await tick();
    window.minimize();

    const second = launch({ defaultUserData: userData, locks, argv: ['/opt/Zhiku/zhiku', '--flag', link] });
    expect(await second.shell.outcome).toBe('second-instance');
    expect(second.app.quitCalls).toBe(1);
    second.app.emitReady();
    await tick();
    expect(second.coreStarts()).toBe(0);
    expect(second.app.windows).toEqual([]);

    await tick();
    expect(primary.core).toMatchObject({ resyncs: 1 });
    expect(window.isMinimized()).toBe(false);
    expect(window.focused).toBeGreaterThan(0);
  });

  it('reads a deep link a cold start was given on the command line (Windows, Linux)', async () => {
    const { app, shell, core } = launch({
      defaultUserData: newDir(),
      platform: 'win32',
      argv: ['C:\\Program Files\\Zhiku\\Zhiku.exe', link],
    });
    app.emitReady();
    await shell.outcome;
    expect(core).toMatchObject({ resyncs: 1 });
  });

  it('keeps a macOS open-url that arrives before ready, and opens a new window for one that arrives after the window was closed', async () => {
    const { app, shell, core } = launch({ defaultUserData: newDir(), platform: 'darwin' });
    expect(app.openUrl(link)).toBe(true);
    app.emitReady();
    await shell.outcome;
    expect(core).toMatchObject({ resyncs: 1 });

    await tick();
    app.windows[0]!.close();
    // macOS keeps running with no window.
    expect(app.exitCode).toBeUndefined();
    expect(() => app.openUrl(link)).not.toThrow();
    expect(core).toMatchObject({ resyncs: 2 });
    expect(app.windows).toHaveLength(1);
    expect(shell.window()).toBe(app.windows[0]);
  });

  it('ignores links that are not Zhiku checkout returns', async () => {
    const { app, shell, core } = launch({ defaultUserData: newDir(), platform: 'darwin' });
    app.emitReady();
    await shell.outcome;
    for (const url of ['zhiku://checkout/success?order=../../x', 'https://evil.example/', 'zhiku://settings'])
      app.openUrl(url);
    expect(core).toMatchObject({ resyncs: 0 });
  });

  it('waits for the core to finish its writes before the process ends', async () => {
    const core = recordingCore(200);
    const { app, shell } = launch({ defaultUserData: newDir() }, { core });
    app.emitReady();
    await shell.outcome;
    const ended = new Promise<number>((resolve) => app.once('terminated', resolve));
    app.quit();
    expect(core.closing).toBe(true);
    expect(app.exitCode).toBeUndefined();
    expect(await ended).toBe(0);
    expect(core.closed).toBe(true);
  });

  it('does not hang the quit on a core that never closes', async () => {
    const core: ShellCore = { resync: () => undefined, close: () => new Promise(() => undefined) };
    const { app, shell, logs } = launch({ defaultUserData: newDir() }, { core, quitTimeoutMs: 50 });
    app.emitReady();
    await shell.outcome;
    const ended = new Promise<number>((resolve) => app.once('terminated', resolve));
    app.quit();
    expect(await ended).toBe(0);
    expect(logs.join('\n')).toContain('did not close within 50 ms');
  });

  it('shows the window and says what happened when the page fails to load', async () => {
    const { app, shell, surface, logs } = launch({
      defaultUserData: newDir(),
      loadFails: { code: -6, description: 'ERR_FILE_NOT_FOUND' },
    });
    app.emitReady();
    await shell.outcome;
    await tick();
    await tick();
    expect(app.windows[0]!.isVisible()).toBe(true);
    expect(surface.errorBoxes[0]!.content).toContain('ERR_FILE_NOT_FOUND');
    expect(logs.join('\n')).toContain('could not load');
  });

  it('reopens the window where it was left, and on the main screen when that screen is gone', async () => {
    const userData = newDir();
    const first = launch(
      {
        defaultUserData: userData,
        displays: [
          { x: 0, y: 0, width: 1920, height: 1040 },
          { x: 1920, y: 0, width: 2560, height: 1400 },
        ],
      },
      {},
    );
    first.app.emitReady();
    await first.shell.outcome;
    const window = first.app.windows[0]!;
    window.getNormalBounds = () => ({ x: 2100, y: 80, width: 1500, height: 1000 });
    window.maximize();
    first.app.quit();
    await new Promise((resolve) => first.app.once('terminated', resolve));

    const sameScreens = launch({
      defaultUserData: userData,
      displays: [
        { x: 0, y: 0, width: 1920, height: 1040 },
        { x: 1920, y: 0, width: 2560, height: 1400 },
      ],
    });
    sameScreens.app.emitReady();
    await sameScreens.shell.outcome;
    expect(sameScreens.app.windows[0]!.options).toMatchObject({ x: 2100, y: 80, width: 1500, height: 1000 });
    await tick();
    await tick();
    expect(sameScreens.app.windows[0]!.isMaximized()).toBe(true);
    sameScreens.app.quit();
    await new Promise((resolve) => sameScreens.app.once('terminated', resolve));

    const laptopOnly = launch({ defaultUserData: userData, displays: [{ x: 0, y: 0, width: 1366, height: 728 }] });
    laptopOnly.app.emitReady();
    await laptopOnly.shell.outcome;
    const { x, width, height } = laptopOnly.app.windows[0]!.options;
    expect(x === undefined || x + (width ?? 0) <= 1366).toBe(true);
    expect(width).toBeLessThanOrEqual(1366);
    expect(height).toBeLessThanOrEqual(728);
  });

  it('registers the zhiku scheme for the packaged app, and with the app path in development', async () => {
    const packaged = launch({ defaultUserData: newDir() });
    expect(packaged.app.protocolClients).toEqual([['zhiku']]);
    const dev = launch({
      defaultUserData: newDir(),
      defaultApp: true,
      argv: ['/repo/node_modules/electron/dist/electron', '.'],
    });
    expect(dev.app.protocolClients).toEqual([['zhiku', '/repo/node_modules/electron/dist/electron', [process.cwd()]]]);
  });

  it('keeps the window state in a store that refuses damaged content', () => {
    const dir = newDir();
    writeFileSync(join(dir, 'window-state.json'), '{"window":{"bounds":"x"}}');
    const store = new Conf<{ window: SavedWindowState }>({
      cwd: dir,
      configName: 'window-state',
      schema: windowStateSchema,
      clearInvalidConfig: true,
      projectName: 'zhiku',
    });
    expect(store.get('window')).toBeUndefined();
    expect(existsSync(join(dir, 'window-state.json'))).toBe(true);
  });
});
