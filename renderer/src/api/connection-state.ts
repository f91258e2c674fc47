import { useSyncExternalStore } from 'react';
import type { ConnectionState } from './web-socket-transport.js';

/** Holds the transport's state outside React so no change is lost before the first render. */
export function createConnectionStateStore() {
  let state: ConnectionState = 'connecting';
  const listeners = new Set<() => void>();
  return {
    set: (next: ConnectionState) => {
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => state,
  };
}

export type ConnectionStateStore = ReturnType<typeof createConnectionStateStore>;

export function useConnectionState(store: ConnectionStateStore): ConnectionState {
  return useSyncExternalStore(store.subscribe, store.get);
}
