/**
 * `npm start`: the embedded default. Starts the sync server on SQLite with the demo
 * catalog, then the desktop app — or, where Electron cannot run, the web mode, printing
 * the address to open. Ctrl+C stops everything.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary } from './lib/electron-binary.ts';
import { spawnUntilReady, type ReadyProcess } from './lib/spawn-ready.ts';

const root = join(import.meta.dirname, '..');
const dataRoot = process.env.ZHIKU_DEMO_DATA ?? join(root, '.zhiku-data');
const serverPort = process.env.ZHIKU_SERVER_PORT ?? '4780';
const running: ReadyProcess[] = [];

const stopAll = async (code: number) => {
  await Promise.all(running.map((p) => p.stop()));
  process.exit(code);
};
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const server = await spawnUntilReady(process.execPath, [join(root, 'dist/sync-server/main.js')], {
  env: { ZHIKU_MODE: 'development', ZHIKU_DATA_DIR: join(dataRoot, 'server'), ZHIKU_SERVER_PORT: serverPort },
});
running.push(server);
console.log(`Sync server (SQLite, demo catalog) at ${server.ready.url}`);

let electron = findElectronBinary(root);
if (!electron.available && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
  console.log('Fetching the Electron binary…');
  spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { stdio: 'inherit', timeout: 300_000 });
  electron = findElectronBinary(root);
}

if (electron.available) {
  const app = spawn(electron.path, [root], { stdio: 'inherit' });
  app.once('exit', (code) => void stopAll(code ?? 0));
} else {
  console.log(`Electron cannot start here (${electron.reason}); starting web mode instead.`);
  const host = await spawnUntilReady(
    process.execPath,
    [join(root, 'out/main/web-host.js'), '--data-dir', join(dataRoot, 'web'), '--port', process.env.ZHIKU_HOST_PORT ?? '4781', '--sync-server-url', server.ready.url ?? ''],
  );
  running.push(host);
  console.log(`\nZhiku is running in web mode. Open this address in your browser:\n\n  ${host.ready.url}\n\nPress Ctrl+C to stop.`);
}
