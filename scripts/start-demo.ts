/**
 * `npm start`: the embedded default. Starts the sync server on SQLite with the demo
 * catalog, then the desktop app on the demo's own data folder and server — or, whenever
 * Electron cannot start (no binary, no display, a sandbox the OS refuses), the web mode,
 * printing the address to open. Ctrl+C, or closing the app, stops everything.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary } from './lib/electron-binary.ts';
import { sandboxHint } from './lib/electron-sandbox.ts';
import { spawnUntilReady, type ReadyProcess } from './lib/spawn-ready.ts';

const root = join(import.meta.dirname, '..');
const dataRoot = process.env.ZHIKU_DEMO_DATA ?? join(root, '.zhiku-data');
const serverPort = process.env.ZHIKU_SERVER_PORT ?? '4780';
const running: ReadyProcess[] = [];
let stopping = false;

const stopAll = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await Promise.all(running.map((p) => p.stop()));
  process.exit(code);
};
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
// However this process ends, nothing it started is left running.
process.on('exit', () => {
  for (const { child } of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Either side ending ends the demo. */
function endsTheDemo(started: ReadyProcess, name: string): void {
  started.child.once('exit', (code) => {
    if (stopping) return;
    if (code) console.log(`${name} stopped (exit code ${code}); stopping the demo.`);
    void stopAll(code ?? 0);
  });
}

const server = await spawnUntilReady(process.execPath, [join(root, 'dist/sync-server/main.js')], {
  env: { ZHIKU_MODE: 'development', ZHIKU_DATA_DIR: join(dataRoot, 'server'), ZHIKU_SERVER_PORT: serverPort },
});
running.push(server);
endsTheDemo(server, 'The sync server');
const serverUrl = server.ready.url ?? `http://127.0.0.1:${serverPort}`;
console.log(`Sync server (SQLite, demo catalog) at ${serverUrl}`);

async function startDesktop(): Promise<string | null> {
  let electron = findElectronBinary(root);
  if (!electron.available && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1' && !process.env.ZHIKU_ELECTRON_BINARY) {
    console.log('Fetching the Electron binary…');
    spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], {
      stdio: 'inherit',
      timeout: 300_000,
    });
    electron = findElectronBinary(root);
  }
  if (!electron.available) return electron.reason;
  try {
    const app = await spawnUntilReady(electron.path, [root], {
      env: { ZHIKU_DATA_DIR: join(dataRoot, 'desktop'), ZHIKU_SYNC_SERVER_URL: serverUrl, ZHIKU_READY_LINE: '1' },
      timeoutMs: Number(process.env.ZHIKU_ELECTRON_START_TIMEOUT_MS ?? 90_000),
      echo: true,
    });
    running.push(app);
    endsTheDemo(app, 'The desktop app');
    console.log('Zhiku is running as the desktop app. Close it, or press Ctrl+C, to stop.');
    return null;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown';
    return [reason, sandboxHint(root)].filter(Boolean).join('\n');
  }
}

const why = await startDesktop();
if (why !== null) {
  console.log(`The desktop app could not start (${why}).\nStarting web mode instead.`);
  const host = await spawnUntilReady(process.execPath, [
    join(root, 'out/main/web-host.js'),
    '--data-dir',
    join(dataRoot, 'web'),
    '--port',
    process.env.ZHIKU_HOST_PORT ?? '4781',
    '--sync-server-url',
    serverUrl,
  ]);
  running.push(host);
  endsTheDemo(host, 'The web host');
  console.log(
    `\nZhiku is running in web mode. Open this address in your browser:\n\n  ${host.ready.url}\n\nPress Ctrl+C to stop.`,
  );
}
