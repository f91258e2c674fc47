import type { OperationName, SubscriptionName, ZhikuApi } from './contract/index.js';
import type { ApiError, Reply } from './errors.js';
import type { SubscriptionMessage } from './wire.js';

/**
 * What a transport must provide to carry the contract. The IPC preload and the web-mode
 * WebSocket client both implement it; `createApiClient` turns either into a `ZhikuApi`.
 */
export interface ClientTransport {
  request(name: OperationName, input: unknown): Promise<Reply<unknown>>;
  openSubscription(id: number, name: SubscriptionName, input: unknown): void;
  closeSubscription(id: number): void;
  /** Registers the single listener for values and errors of open subscriptions. */
  onSubscriptionMessage(listener: (message: SubscriptionMessage) => void): void;
}

interface OpenSubscription {
  onValue: (value: unknown) => void;
  onError: ((error: ApiError) => void) | undefined;
}

export function createApiClient(transport: ClientTransport): ZhikuApi {
  const open = new Map<number, OpenSubscription>();
  let nextId = 1;

  transport.onSubscriptionMessage((message) => {
    const subscription = open.get(message.id);
    if (!subscription) return;
    if ('error' in message) subscription.onError?.(message.error as ApiError);
    else subscription.onValue(message.value);
  });

  return {
    invoke(name, input) {
      return transport.request(name, input) as never;
    },
    subscribe(name, input, onValue, onError) {
      const id = nextId++;
      open.set(id, { onValue: onValue as (value: unknown) => void, onError });
      transport.openSubscription(id, name, input);
      return () => {
        if (!open.delete(id)) return;
        transport.closeSubscription(id);
      };
    },
  };
}
