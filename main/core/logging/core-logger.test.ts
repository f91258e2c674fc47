import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invokeOperation } from '../dispatch.js';
import { useTempDirs } from '../../../tests/helpers.js';
import { createCore } from '../create-core.js';
import { restartableServer } from '../sync/test/sync-harness.js';
import { createCoreLogger } from './core-logger.js';

const newDir = useTempDirs();
const closing: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closing.reverse()) await close();
});

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('the core log', () => {
  it('writes readable lines with the scope and fields, and never a secret', () => {
    const dir = newDir();
    const log = createCoreLogger({ dataDir: dir, now: () => new Date('2026-12-06T10:00:00Z') });
    log.child('downloads').warn('download stopped', {
      lessonId: 'l1',
      error: new Error(`fetch failed with Bearer ${jwt}`),
      refreshToken: 'r-secret-1',
      note: `token in text ${jwt}`,
    });
    log.child('session').info('signed in', { password: 'hunter2hunter2', user: { id: 'u1', accessToken: 'a-secret' } });
    const text = readFileSync(join(dir, 'logs/core.log'), 'utf8');
    expect(text.split('\n')[0]).toBe(
      `2026-12-06T10:00:00.000Z WARN  downloads: download stopped lessonId=l1 error="fetch failed with Bearer [redacted]" refreshToken=[redacted] note="token in text [redacted]"`,
    );
    for (const secret of [jwt, 'r-secret-1', 'hunter2hunter2', 'a-secret']) expect(text).not.toContain(secret);
    expect(log.recent().map((entry) => entry.level)).toEqual(['warn']);
  });

  it('rotates at its size limit and keeps a fixed number of older files', () => {
    const dir = newDir();
    const log = createCoreLogger({ dataDir: dir, maxBytes: 2000, keep: 2 });
    for (let index = 0; index < 200; index++) log.info('a line long enough to fill the file quickly', { index });
    expect(existsSync(join(dir, 'logs/core.log'))).toBe(true);
    expect(existsSync(join(dir, 'logs/core.1.log'))).toBe(true);
    expect(existsSync(join(dir, 'logs/core.2.log'))).toBe(true);
    expect(existsSync(join(dir, 'logs/core.3.log'))).toBe(false);
    expect(readFileSync(join(dir, 'logs/core.log'), 'utf8').length).toBeLessThanOrEqual(2000);
    expect(readFileSync(join(dir, 'logs/core.log'), 'utf8')).toContain('index=199');
  });

  it('never stops the app when the log cannot be written', () => {
    const dir = newDir();
    writeFileSync(join(dir, 'logs'), 'a file where the folder should be');
    const log = createCoreLogger({ dataDir: dir });
    expect(() => log.error('still running')).not.toThrow();
    expect(log.recent()[0]!.line).toContain('still running');
  });
});

describe('requests and diagnostics', () => {
  it('sends a request id the server answers with, and logs an unreachable server with its id', async () => {
    const server = await restartableServer(newDir());
    closing.push(() => server.stop());
    const dir = newDir();
    const core = await createCore({
      dataDir: dir,
      appVersion: '9.9.9',
      runtime: 'node',
      initialSettings: { syncServerUrl: server.url },
    });
    closing.push(() => core.close());
    // The server echoes the id it logged the request under; a made-up shape is not trusted.
    const echoed = await fetch(new URL('/health', server.url), { headers: { 'x-request-id': 'device-abc12345' } });
    expect(echoed.headers.get('x-request-id')).toBe('device-abc12345');
    const refused = await fetch(new URL('/health', server.url), {
      headers: { 'x-request-id': 'bad id with spaces and "quotes"' },
    });
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const signedUp = await invokeOperation(core.operations, 'account.signUp', {
      email: 'diag@example.com',
      password: 'correct horse battery',
      displayName: 'Diag',
    });
    expect(signedUp.ok).toBe(true);
    await server.stop();
    expect(await invokeOperation(core.operations, 'account.listDevices', {})).toMatchObject({
      ok: false,
      error: { code: 'SERVER_UNREACHABLE' },
    });
    const logged = readFileSync(join(dir, 'logs/core.log'), 'utf8');
    expect(logged).toMatch(
      /WARN {2}http: the server could not be reached request="GET \/v1\/devices" requestId=[A-Za-z0-9_-]{12}/,
    );

    const { text } = await core.operations['app.diagnostics']({});
    expect(text).toContain('Zhiku 9.9.9 (node)');
    expect(text).toContain(`data folder: ${dir}`);
    expect(text).toContain('signed in true');
    expect(text).toContain('/v1/devices');
    const session = JSON.parse(readFileSync(join(dir, 'session.bin'), 'utf8')) as { data: string };
    const stored = JSON.parse(Buffer.from(session.data, 'base64').toString('utf8')) as {
      accessToken: string;
      refreshToken: string;
    };
    for (const secret of [stored.accessToken, stored.refreshToken, 'diag@example.com', 'correct horse battery'])
      expect(text).not.toContain(secret);
  });
});
