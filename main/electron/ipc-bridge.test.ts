import { EventEmitter } from 'node:events';
import type { IpcMain } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ORIGIN, IPC_CHANNELS } from '../../common/channels.js';
import { useTempDirs } from '../../tests/helpers.js';
import { createCore, type Core } from '../core/create-core.js';
import { registerIpcBridge } from './ipc-bridge.js';

const newDir = useTempDirs();
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
});

/**
 * ipcMain and a page's webContents as Electron documents them: `ipcMain.on` listeners get an
 * event whose `sender` is the webContents and `senderFrame` the frame; a reload emits
 * `did-start-navigation` for the main frame ({ isMainFrame, isSameDocument }).
 */
function page() {
  const ipcMain = new EventEmitter() as EventEmitter & { handle: () => void; removeHandler: () => void };
  ipcMain.handle = () => undefined;
  ipcMain.removeHandler = () => undefined;
  const sent: Array<{ id: number }> = [];
  const sender = Object.assign(new EventEmitter(), {
    isDestroyed: () => false,
    send: (_channel: string, message: { id: number }) => sent.push(message),
  });
  const frame = { url: `${APP_ORIGIN}/index.html`, parent: null };
  const subscribe = (id: number) =>
    ipcMain.emit(IPC_CHANNELS.subscribe, { sender, senderFrame: frame }, { id, name: 'settings.watch', input: {} });
  const reload = () =>
    sender.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: frame.url });
  return { ipcMain: ipcMain as unknown as IpcMain, sender, sent, subscribe, reload };
}

describe('the IPC bridge', () => {
  it('watches each page once however often it reloads, and drops the old page’s subscriptions', async () => {
    core = await createCore({ dataDir: newDir(), appVersion: '1', runtime: 'node' });
    const { ipcMain, sender, sent, subscribe, reload } = page();
    registerIpcBridge(ipcMain, core);
    for (let load = 1; load <= 10; load += 1) {
      subscribe(load);
      reload();
    }
    subscribe(99);
    expect(sender.listenerCount('did-start-navigation')).toBe(1);
    expect(sender.listenerCount('destroyed')).toBe(1);

    sent.length = 0;
    await core.operations['settings.update']({ theme: 'dark' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Only the live page's subscription hears the change.
    expect(sent.map((m) => m.id)).toEqual([99]);
  });
});
