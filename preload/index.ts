import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS } from '../common/channels.js';
import { createApiClient } from '../common/client.js';
import type { Reply } from '../common/errors.js';
import { subscriptionMessageSchema } from '../common/wire.js';

/**
 * Exposes exactly one object, `window.zhiku`: the typed API client. The page never sees
 * `ipcRenderer`; it can only call contract operations, which main validates again.
 */
const api = createApiClient({
  request: (name, input) => ipcRenderer.invoke(IPC_CHANNELS.invoke, name, input) as Promise<Reply<unknown>>,
  openSubscription: (id, name, input) => ipcRenderer.send(IPC_CHANNELS.subscribe, { id, name, input }),
  closeSubscription: (id) => ipcRenderer.send(IPC_CHANNELS.unsubscribe, { id }),
  onSubscriptionMessage: (listener) => {
    ipcRenderer.on(IPC_CHANNELS.subscriptionEvent, (_event, message: unknown) => {
      const parsed = subscriptionMessageSchema.safeParse(message);
      if (parsed.success) listener(parsed.data);
    });
  },
});

contextBridge.exposeInMainWorld('zhiku', api);
