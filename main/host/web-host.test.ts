import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { useTempDirs } from '../../tests/helpers.js';
import { createCore, type Core } from '../core/create-core.js';
import { startWebHost, type WebHost } from './web-host.js';

const newDir = useTempDirs();
let core: Core;
/** A built bundle's stand-in: repetitive code, as real bundles are. */
const BUNDLE = 'export function f(x) { return x * 2; }\n'.repeat(500);
let host: WebHost;

beforeEach(async () => {
  const rendererDir = newDir();
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Zhiku</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-Ab12Cd34.js'), BUNDLE);
  core = await createCore({
    dataDir: newDir(),
    appVersion: '1.0.0',
    runtime: 'node',
    initialSettings: { syncServerUrl: 'http://127.0.0.1:9' },
  });
  host = await startWebHost({ core, rendererDir });
});

afterEach(async () => {
  await host.close();
  await core.close();
});

const invoke = (name: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${host.origin}/api/invoke/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.secret}`, 'content-type': 'application/json', ...headers },
    body,
  });

type Message = Record<string, unknown>;
const inboxes = new WeakMap<WebSocket, { queued: Message[]; waiting: ((message: Message) => void)[] }>();

/** Opens an authenticated socket whose messages queue up, so none is missed between awaits. */
function openSocket(): Promise<WebSocket> {
  const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/api/socket`, [
    'zhiku.v1',
    `zhiku-secret.${host.secret}`,
  ]);
  const inbox = { queued: [] as Message[], waiting: [] as ((message: Message) => void)[] };
  inboxes.set(socket, inbox);
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as Message;
    const waiter = inbox.waiting.shift();
    if (waiter) waiter(message);
    else inbox.queued.push(message);
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<Message> {
  const inbox = inboxes.get(socket)!;
  const queued = inbox.queued.shift();
  return queued ? Promise.resolve(queued) : new Promise((resolve) => inbox.waiting.push(resolve));
}

describe('the web host', () => {
  it('listens on 127.0.0.1 only and puts the secret in the URL fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.launchUrl).toBe(`${host.origin}/#secret=${host.secret}`);
    expect(host.secret.length).toBeGreaterThanOrEqual(43);
  });

  it('serves the UI with a strict CSP that allows only its own socket', async () => {
    const response = await fetch(`${host.origin}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`ws://127.0.0.1:${host.port}`);
    expect(csp).not.toContain('unsafe');
    expect((await fetch(`${host.origin}/missing.js`)).status).toBe(404);
    expect((await fetch(`${host.origin}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });

  it('serves assets compressed when the browser accepts it, with validators and long caching for hashed names', async () => {
    const url = `${host.origin}/assets/index-Ab12Cd34.js`;
    const raw = await httpGet(url, {});
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.body.toString('utf8')).toBe(BUNDLE);
    expect(raw.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const br = await httpGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(br.body.length).toBeLessThan(BUNDLE.length / 10);
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(BUNDLE);
    const gz = await httpGet(url, { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gz.body).toString('utf8')).toBe(BUNDLE);
    // Revalidation: the same version answers 304 with no body.
    const again = await httpGet(url, { 'if-none-match': String(raw.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The page itself is always revalidated.
    expect((await httpGet(`${host.origin}/`, {})).headers['cache-control']).toBe('no-cache');
  });

  it('answers contract operations over HTTP with the secret', async () => {
    const response = await invoke('app.getInfo', '{}');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      value: { name: 'Zhiku', version: '1.0.0', runtime: 'node' },
    });
  });

  it('answers bad requests with 4xx and a stable code, changing nothing', async () => {
    expect((await invoke('settings.update', '{"language":')).status).toBe(400);
    expect((await invoke('settings.update', '{"language":"fr"}')).status).toBe(400);
    expect(await (await invoke('nope.nothing', '{}')).json()).toMatchObject({ error: { code: 'UNKNOWN_OPERATION' } });
    expect((await invoke('settings.update', '{"theme":"dark"}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await invoke('settings.update', JSON.stringify({ theme: 'x'.repeat(2 * 1024 * 1024) }))).status).toBe(413);
    expect(
      (
        await fetch(`${host.origin}/api/invoke/settings.get`, {
          method: 'GET',
          headers: { authorization: `Bearer ${host.secret}` },
        })
      ).status,
    ).toBe(405);
    expect(await (await invoke('settings.get', '{}')).json()).toMatchObject({
      value: { theme: 'system', language: 'system' },
    });
    // Broken percent-encoding in an operation name or a cover id is the caller's error (it answered 500).
    const broken = await invoke('settings.get%E0%A4%A', '{}');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await fetch(`${host.origin}/covers/%E0%A4%A`)).status).toBe(404);
  });

  it('carries invocations and live subscriptions over the WebSocket', async () => {
    const socket = await openSocket();
    socket.send(JSON.stringify({ type: 'subscribe', id: 1, name: 'settings.watch', input: {} }));
    expect(await nextMessage(socket)).toMatchObject({ type: 'subscription', id: 1, value: { theme: 'system' } });

    socket.send(JSON.stringify({ type: 'invoke', id: 7, name: 'settings.update', input: { theme: 'dark' } }));
    const [pushed, reply] = [await nextMessage(socket), await nextMessage(socket)];
    expect(pushed).toMatchObject({ type: 'subscription', id: 1, value: { theme: 'dark' } });
    expect(reply).toMatchObject({ type: 'reply', id: 7, reply: { ok: true, value: { theme: 'dark' } } });

    socket.send(JSON.stringify({ type: 'unsubscribe', id: 1 }));
    socket.send(JSON.stringify({ type: 'invoke', id: 8, name: 'settings.update', input: { theme: 'light' } }));
    expect(await nextMessage(socket)).toMatchObject({ type: 'reply', id: 8 });
    socket.close();
  });

  it('closes a socket that sends something that is not a valid message', async () => {
    const socket = await openSocket();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('{"type":"drop-tables"}');
    expect(await closed).toBe(1008);
  });
});

/** A raw HTTP GET (fetch would decompress and hide the encoding). */
function httpGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}
