import type { ZhikuApi } from '../../../common/contract/index.js';
import { createApiClient } from '../../../common/client.js';
import { createWebSocketTransport, type ConnectionState } from './web-socket-transport.js';

declare global {
  interface Window {
    /** Present in Electron, exposed by the preload. Absent in web mode. */
    zhiku?: ZhikuApi;
  }
}

const SECRET_KEY = 'zhiku.launchSecret';

/**
 * In web mode the launch URL carries the secret in its fragment (`#secret=…`), which is
 * never sent over the network. Keep it for this tab only and take it out of the address bar.
 */
function takeLaunchSecret(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('secret');
  if (fromHash) {
    sessionStorage.setItem(SECRET_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(SECRET_KEY);
}

/** A launch secret the core refused is not kept for this tab. */
export function forgetLaunchSecret(): void {
  sessionStorage.removeItem(SECRET_KEY);
}

export type Connection = { kind: 'ready'; api: ZhikuApi; mode: 'electron' | 'web' } | { kind: 'missing-secret' };

export function connectToCore(onStateChange: (state: ConnectionState) => void): Connection {
  if (window.zhiku) {
    onStateChange('open');
    return { kind: 'ready', api: window.zhiku, mode: 'electron' };
  }
  const secret = takeLaunchSecret();
  if (!secret) return { kind: 'missing-secret' };
  const transport = createWebSocketTransport({ origin: window.location.origin, secret, onStateChange });
  return { kind: 'ready', api: createApiClient(transport), mode: 'web' };
}
