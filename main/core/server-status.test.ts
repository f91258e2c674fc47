import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readServerConfig } from '../../sync-server/config.js';
import { startServer, type RunningServer } from '../../sync-server/start-server.js';
import { demoCatalogPath, useTempDirs } from '../../tests/helpers.js';
import { createCore } from './create-core.js';

const newDir = useTempDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function realSyncServer(): Promise<RunningServer> {
  const config = readServerConfig(
    { ZHIKU_MODE: 'development', ZHIKU_DATA_DIR: newDir(), ZHIKU_SERVER_PORT: '0', ZHIKU_LOG_LEVEL: 'silent' },
    { demoCatalogPath },
  );
  const server = await startServer(config, '9.9.9');
  cleanups.push(() => server.close());
  return server;
}

async function coreFor(syncServerUrl: string) {
  const core = await createCore({
    dataDir: newDir(),
    appVersion: '1',
    runtime: 'node',
    initialSettings: { syncServerUrl },
  });
  cleanups.push(() => core.close());
  return core;
}

describe('server status', () => {
  it('reports a real sync server as reachable, with its catalog', async () => {
    const server = await realSyncServer();
    const status = await (await coreFor(server.url)).operations['server.checkStatus']({});
    expect(status).toMatchObject({
      reachable: true,
      url: server.url,
      health: { version: '9.9.9', database: 'sqlite', catalog: { courses: 12 } },
    });
  });

  it('reports a closed port as unreachable instead of failing', async () => {
    const server = await realSyncServer();
    const url = server.url;
    await server.close();
    cleanups.pop();
    const status = await (await coreFor(url)).operations['server.checkStatus']({});
    expect(status).toMatchObject({ reachable: false, error: 'SERVER_UNREACHABLE' });
  });

  it('reports something that is not a Zhiku server as a server error', async () => {
    const impostor = createServer((_req, res) => res.end('<html>hello</html>'));
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => impostor.close(() => resolve())));
    const status = await (
      await coreFor(`http://127.0.0.1:${(impostor.address() as AddressInfo).port}`)
    ).operations['server.checkStatus']({});
    expect(status).toMatchObject({ reachable: false, error: 'SERVER_ERROR' });
  });

  it('re-checks when the server address setting changes', async () => {
    const server = await realSyncServer();
    const core = await coreFor('http://127.0.0.1:9');
    const seen: boolean[] = [];
    const reachableAgain = new Promise<void>((resolve) => {
      core.subscriptions['server.watchStatus']({}, (status) => {
        seen.push(status.reachable);
        if (status.reachable) resolve();
      });
    });
    await core.operations['settings.update']({ syncServerUrl: server.url });
    await reachableAgain;
    expect(seen.at(-1)).toBe(true);
  });
});
