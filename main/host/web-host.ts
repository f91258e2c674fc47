import { compressedStatic } from './static-compression.js';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { WEB_HOST_PATHS, WEB_SOCKET_PROTOCOL, WEB_SOCKET_SECRET_PREFIX } from '../../common/channels.js';
import { buildContentSecurityPolicy } from '../../common/csp.js';
import type { ApiError } from '../../common/errors.js';
import { clientMessageSchema, type HostMessage } from '../../common/wire.js';
import type { Core } from '../core/create-core.js';
import type { MediaResponse } from '../core/learning/media-tickets.js';
import { invokeOperation, openSubscription } from '../core/dispatch.js';
import { bearerToken, isAllowedHost, isAllowedOrigin, secretsMatch } from './request-guards.js';
import { mimeTypeFor, resolveStaticPath } from './static-path.js';

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;
const LOOPBACK = '127.0.0.1';

export interface WebHost {
  /** The address to open, carrying the launch secret in the fragment (never sent to the server). */
  launchUrl: string;
  origin: string;
  port: number;
  secret: string;
  close(): Promise<void>;
}

export interface WebHostOptions {
  core: Core;
  rendererDir: string;
  port?: number;
  secret?: string;
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function refuse(response: ServerResponse, status: number, code: ApiError['code'], message: string): void {
  sendJson(response, status, { ok: false, error: { code, message } });
}

/** Reads a JSON body of at most MAX_BODY_BYTES. A larger one is drained (not kept) so the client still gets its 413. */
async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    else if (size > MAX_DRAIN_BYTES) request.destroy();
  }
  if (size > MAX_BODY_BYTES) throw new RangeError('body too large');
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length === 0 ? {} : (JSON.parse(text) as unknown);
}

/**
 * Web mode: serves the built renderer and carries the contract over HTTP and WebSocket,
 * on 127.0.0.1 only. Every API request must present the per-launch secret.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  let port = 0;

  async function serveStatic(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, 'INVALID_INPUT', 'Method not allowed.');
    const filePath = resolveStaticPath(options.rendererDir, pathname);
    const info = filePath ? await stat(filePath).catch(() => null) : null;
    if (!filePath || !info?.isFile()) return refuse(response, 404, 'NOT_FOUND', 'Not found.');
    const etag = `W/"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    const headers: Record<string, string | number> = {
      'content-type': mimeTypeFor(filePath),
      'content-security-policy': buildContentSecurityPolicy({
        connectSources: [`ws://${LOOPBACK}:${port}`, `ws://localhost:${port}`],
      }),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      // Built assets carry their content hash in the name: kept for a year. Everything else is revalidated.
      'cache-control': /\/assets\/.+-[A-Za-z0-9_-]{8,}\.\w+$/.test(pathname)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      etag,
      vary: 'accept-encoding',
    };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers);
      return void response.end();
    }
    const encoded = await compressedStatic(filePath, info, request.headers['accept-encoding']);
    if (encoded) {
      response.writeHead(200, {
        ...headers,
        'content-encoding': encoded.encoding,
        'content-length': encoded.body.length,
      });
      return void response.end(request.method === 'HEAD' ? undefined : encoded.body);
    }
    response.writeHead(200, { ...headers, 'content-length': info.size });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(filePath).pipe(response);
  }

  async function serveInvoke(request: IncomingMessage, response: ServerResponse, name: string): Promise<void> {
    if (request.method !== 'POST') return refuse(response, 405, 'INVALID_INPUT', 'Use POST.');
    if (!secretsMatch(secret, bearerToken(request.headers.authorization))) {
      return refuse(response, 401, 'UNAUTHORIZED', 'The launch secret is missing or wrong.');
    }
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return refuse(response, 415, 'INVALID_INPUT', 'Send application/json.');
    }
    let input: unknown;
    try {
      input = await readJsonBody(request);
    } catch (error) {
      const tooLarge = error instanceof RangeError;
      return refuse(
        response,
        tooLarge ? 413 : 400,
        'INVALID_INPUT',
        tooLarge ? 'The request is too large.' : 'The body is not valid JSON.',
      );
    }
    const operation = safeDecode(name);
    if (operation === undefined) return refuse(response, 400, 'INVALID_INPUT', 'The operation name is not valid.');
    const reply = await invokeOperation(options.core.operations, operation, input);
    sendJson(response, reply.ok ? 200 : reply.error.code === 'INTERNAL' ? 500 : 400, reply);
  }

  /** Bytes the core serves to the page by address: opened lessons' media (see MediaTickets) and course covers. */
  async function serveFromCore(
    request: IncomingMessage,
    response: ServerResponse,
    produce: () => Promise<MediaResponse>,
  ): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, 'INVALID_INPUT', 'Method not allowed.');
    const answer = await produce();
    response.writeHead(answer.status, answer.headers);
    response.end(request.method === 'HEAD' ? undefined : (answer.body ?? undefined));
  }
  const coverOf = (pathname: string) => {
    const courseId = safeDecode(pathname.slice('/covers/'.length)) ?? '';
    return /^[A-Za-z0-9_-]{1,100}$/.test(courseId)
      ? options.core.covers.serve(courseId)
      : Promise.resolve<MediaResponse>({ status: 404, headers: {}, body: null });
  };

  const server = createServer((request, response) => {
    if (!isAllowedHost(request.headers.host, port)) return refuse(response, 403, 'UNAUTHORIZED', 'Unknown host.');
    const { pathname } = new URL(request.url ?? '/', `http://${LOOPBACK}`);
    const handle = pathname.startsWith(WEB_HOST_PATHS.invoke)
      ? serveInvoke(request, response, pathname.slice(WEB_HOST_PATHS.invoke.length))
      : pathname === WEB_HOST_PATHS.ready
        ? Promise.resolve(sendJson(response, 200, { ready: true }))
        : pathname.startsWith('/media/')
          ? serveFromCore(request, response, () =>
              options.core.media.serve(pathname.slice('/media/'.length), request.headers.range),
            )
          : pathname.startsWith('/covers/')
            ? serveFromCore(request, response, () => coverOf(pathname))
            : pathname.startsWith('/api/')
              ? Promise.resolve(refuse(response, 404, 'NOT_FOUND', 'Not found.'))
              : serveStatic(request, response, pathname);
    handle.catch(() => {
      if (!response.headersSent) refuse(response, 500, 'INTERNAL', 'An unexpected error occurred.');
      else response.destroy();
    });
  });

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_BODY_BYTES,
    handleProtocols: (protocols) => (protocols.has(WEB_SOCKET_PROTOCOL) ? WEB_SOCKET_PROTOCOL : false),
  });

  server.on('upgrade', (request, socket, head) => {
    const { pathname } = new URL(request.url ?? '/', `http://${LOOPBACK}`);
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const givenSecret = offered
      .find((p) => p.startsWith(WEB_SOCKET_SECRET_PREFIX))
      ?.slice(WEB_SOCKET_SECRET_PREFIX.length);
    const allowed =
      pathname === WEB_HOST_PATHS.socket &&
      isAllowedHost(request.headers.host, port) &&
      isAllowedOrigin(request.headers.origin, port) &&
      offered.includes(WEB_SOCKET_PROTOCOL) &&
      secretsMatch(secret, givenSecret);
    if (!allowed) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const open = new Map<number, () => void>();
    const send = (message: HostMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    ws.on('message', (data, isBinary) => {
      let parsed: ReturnType<typeof clientMessageSchema.safeParse>;
      try {
        parsed = clientMessageSchema.safeParse(isBinary ? undefined : JSON.parse(rawDataToText(data)));
      } catch {
        parsed = clientMessageSchema.safeParse(undefined);
      }
      if (!parsed.success) return ws.close(1008, 'invalid message');
      const message = parsed.data;
      if (message.type === 'invoke') {
        void invokeOperation(options.core.operations, message.name, message.input).then((reply) =>
          send({ type: 'reply', id: message.id, reply }),
        );
      } else if (message.type === 'subscribe') {
        if (open.has(message.id)) return ws.close(1008, 'subscription id in use');
        const close = openSubscription(
          options.core.subscriptions,
          message.name,
          message.input,
          (value) => send({ type: 'subscription', id: message.id, value }),
          (error) => send({ type: 'subscription', id: message.id, error }),
        );
        open.set(message.id, close);
      } else {
        open.get(message.id)?.();
        open.delete(message.id);
      }
    });
    ws.on('close', () => {
      for (const close of open.values()) close();
      open.clear();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${LOOPBACK}:${port}`;

  return {
    launchUrl: `${origin}/#secret=${secret}`,
    origin,
    port,
    secret,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A percent-decoded path part, or undefined when its encoding is broken (a 400, never a 500). */
function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
