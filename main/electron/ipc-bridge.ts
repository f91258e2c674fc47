import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CHANNELS } from '../../common/channels.js';
import type { Reply } from '../../common/errors.js';
import { subscribeRequestSchema, unsubscribeRequestSchema, type SubscriptionMessage } from '../../common/wire.js';
import type { Core } from '../core/create-core.js';
import { invokeOperation, openSubscription } from '../core/dispatch.js';
import { isTrustedSender } from './navigation-policy.js';

const untrusted: Reply<never> = {
  ok: false,
  error: { code: 'UNAUTHORIZED', message: 'This frame may not use the Zhiku API.' },
};

/** Carries the contract over Electron IPC: three channels, every message checked. */
export function registerIpcBridge(ipcMain: IpcMain, core: Core): () => void {
  const subscriptionsBySender = new Map<WebContents, Map<number, () => void>>();
  /** Pages whose lifecycle is watched: once per web contents, however often the page reloads. */
  const watched = new WeakSet<WebContents>();

  const closeAllFor = (sender: WebContents) => {
    for (const close of subscriptionsBySender.get(sender)?.values() ?? []) close();
    subscriptionsBySender.delete(sender);
  };

  ipcMain.handle(IPC_CHANNELS.invoke, (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) return untrusted;
    return invokeOperation(core.operations, name, input);
  });

  ipcMain.on(IPC_CHANNELS.subscribe, (event: IpcMainEvent, request: unknown) => {
    const parsed = subscribeRequestSchema.safeParse(request);
    if (!isTrustedSender(event.senderFrame) || !parsed.success) return;
    const { id, name, input } = parsed.data;
    const sender = event.sender;
    let open = subscriptionsBySender.get(sender);
    if (!open) {
      open = new Map();
      subscriptionsBySender.set(sender, open);
    }
    if (!watched.has(sender)) {
      watched.add(sender);
      sender.once('destroyed', () => closeAllFor(sender));
      // A reload or navigation drops the page's subscriptions (the new page opens its own).
      sender.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) closeAllFor(sender);
      });
    }
    const send = (message: SubscriptionMessage) => {
      if (!sender.isDestroyed()) sender.send(IPC_CHANNELS.subscriptionEvent, message);
    };
    open.get(id)?.();
    open.set(
      id,
      openSubscription(
        core.subscriptions,
        name,
        input,
        (value) => send({ id, value }),
        (error) => send({ id, error }),
      ),
    );
  });

  ipcMain.on(IPC_CHANNELS.unsubscribe, (event: IpcMainEvent, request: unknown) => {
    const parsed = unsubscribeRequestSchema.safeParse(request);
    if (!parsed.success) return;
    const open = subscriptionsBySender.get(event.sender);
    open?.get(parsed.data.id)?.();
    open?.delete(parsed.data.id);
  });

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.invoke);
    ipcMain.removeAllListeners(IPC_CHANNELS.subscribe);
    ipcMain.removeAllListeners(IPC_CHANNELS.unsubscribe);
    for (const sender of [...subscriptionsBySender.keys()]) closeAllFor(sender);
  };
}
