import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { useTempDirs } from '../../tests/helpers.js';
import { createCore, type Core } from '../core/create-core.js';
import { startWebHost, type WebHost } from './web-host.js';

const newDir = useTempDirs();
let core: Core;
let host: WebHost;

beforeEach(async () => {
  const rendererDir = newDir();
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Zhiku</title>');
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
