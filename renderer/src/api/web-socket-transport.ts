import { WEB_HOST_PATHS, WEB_SOCKET_PROTOCOL, WEB_SOCKET_SECRET_PREFIX } from '../../../common/channels.js';
import type { ClientTransport } from '../../../common/client.js';
import type { Reply } from '../../../common/errors.js';
import type { ClientMessage, HostMessage, SubscriptionMessage } from '../../../common/wire.js';

const unavailable: Reply<never> = {
  ok: false,
  error: { code: 'CORE_UNAVAILABLE', message: 'The Zhiku core is not reachable.' },
};

export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * Web mode's transport: one WebSocket to the core host, authenticated by the launch
 * secret. Requests made before it opens are queued; if it closes, pending requests fail
 * with CORE_UNAVAILABLE and the UI says so.
 */
export function createWebSocketTransport(options: {
  origin: string;
  secret: string;
  onStateChange: (state: ConnectionState) => void;
}): ClientTransport {
  const url = `${options.origin.replace(/^http/, 'ws')}${WEB_HOST_PATHS.socket}`;
  const socket = new WebSocket(url, [WEB_SOCKET_PROTOCOL, `${WEB_SOCKET_SECRET_PREFIX}${options.secret}`]);
  const pending = new Map<number, (reply: Reply<unknown>) => void>();
  const queue: string[] = [];
  let subscriptionListener: ((message: SubscriptionMessage) => void) | undefined;
  let nextRequestId = 1;

  options.onStateChange('connecting');
  socket.addEventListener('open', () => {
    options.onStateChange('open');
    for (const message of queue.splice(0)) socket.send(message);
  });
  socket.addEventListener('close', () => {
    options.onStateChange('closed');
    for (const resolve of pending.values()) resolve(unavailable);
    pending.clear();
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as HostMessage;
    if (message.type === 'reply') {
      pending.get(message.id)?.(message.reply as Reply<unknown>);
      pending.delete(message.id);
    } else {
      const { type: _type, ...subscriptionMessage } = message;
      subscriptionListener?.(subscriptionMessage);
    }
  });

  const send = (message: ClientMessage) => {
    const text = JSON.stringify(message);
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
    else if (socket.readyState === WebSocket.CONNECTING) queue.push(text);
    else return false;
    return true;
  };

  return {
    request(name, input) {
      const id = nextRequestId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (!send({ type: 'invoke', id, name, input })) {
          pending.delete(id);
          resolve(unavailable);
        }
      });
    },
    openSubscription(id, name, input) {
      send({ type: 'subscribe', id, name, input });
    },
    closeSubscription(id) {
      send({ type: 'unsubscribe', id });
    },
    onSubscriptionMessage(listener) {
      subscriptionListener = listener;
    },
  };
}
