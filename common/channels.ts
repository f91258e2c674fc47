/**
 * Every channel and path the transports use, named once. Operation and subscription
 * names travel as data over these few channels, so adding an operation adds no channel.
 */
export const IPC_CHANNELS = {
  invoke: 'zhiku:invoke',
  subscribe: 'zhiku:subscribe',
  unsubscribe: 'zhiku:unsubscribe',
  subscriptionEvent: 'zhiku:subscription-event',
} as const;

export const WEB_HOST_PATHS = {
  invoke: '/api/invoke/',
  socket: '/api/socket',
  ready: '/api/ready',
} as const;

/** The WebSocket sub-protocol that names our wire format. */
export const WEB_SOCKET_PROTOCOL = 'zhiku.v1';
/** Browsers cannot set headers on a WebSocket, so the launch secret rides as a second sub-protocol. */
export const WEB_SOCKET_SECRET_PREFIX = 'zhiku-secret.';

/** The custom scheme the Electron window loads the UI from (never file://). */
export const APP_SCHEME = 'zhiku-app';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
