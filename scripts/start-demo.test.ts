import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, useTempDirs } from '../tests/helpers.js';
import { sandboxHint } from './lib/electron-sandbox.ts';

const newDir = useTempDirs();

/** A stand-in for the Electron binary: a script that does what the given shell lines say. */
function standInElectron(dir: string, body: string): string {
  const path = join(dir, 'electron');
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

/** Runs `npm start`'s script (after `npm run build`) and collects what it prints. */
function startDemo(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  waitFor: (text: RegExp) => Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [join(projectRoot, 'scripts/start-demo.ts')], {
    env: { ...process.env, ZHIKU_SERVER_PORT: '0', ZHIKU_HOST_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: Array<() => void> = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const waitFor = (text: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited for ${text} in:\n${output}`)), 60_000);
      const check = () => {
        const match = text.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        }
      };
      waiters.push(check);
      check();
    });
  return { child, output: () => output, waitFor, exited };
}

const refused = async (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    () => false,
    () => true,
  );

describe('npm start', () => {
  it('gives Electron the demo’s data folder and sync server, and stops the server when the app is closed', async () => {
    const dir = newDir();
    const seen = join(dir, 'seen.txt');
    const electron = standInElectron(
      dir,
      `printf '%s\\n%s\\n' "$ZHIKU_DATA_DIR" "$ZHIKU_SYNC_SERVER_URL" > '${seen}'\necho '{"event":"ready","runtime":"electron"}'\nsleep 1\nexit 0`,
    );
    const demo = startDemo({ ZHIKU_DEMO_DATA: join(dir, 'data'), ZHIKU_ELECTRON_BINARY: electron });
    const [, serverUrl] = await demo.waitFor(/Sync server \(SQLite, demo catalog\) at (http:\/\/127\.0\.0\.1:\d+)/);
    await demo.waitFor(/running as the desktop app/);
    expect(await demo.exited).toBe(0);
    expect(readFileSync(seen, 'utf8').split('\n').slice(0, 2)).toEqual([join(dir, 'data', 'desktop'), serverUrl]);
    expect(await refused(`${serverUrl}/health`)).toBe(true);
  }, 120_000);

  it('falls back to web mode when Electron starts but cannot run, and Ctrl+C leaves nothing running', async () => {
    const dir = newDir();
    const electron = standInElectron(
      dir,
      `echo 'The SUID sandbox helper binary was found, but is not configured correctly.' >&2\nexit 1`,
    );
    const demo = startDemo({ ZHIKU_DEMO_DATA: join(dir, 'data'), ZHIKU_ELECTRON_BINARY: electron });
    const [, serverUrl] = await demo.waitFor(/Sync server \(SQLite, demo catalog\) at (http:\/\/127\.0\.0\.1:\d+)/);
    await demo.waitFor(/could not start \(.*exited with 1/);
    const [, appUrl] = await demo.waitFor(
      /web mode\. Open this address in your browser:\s+(http:\/\/127\.0\.0\.1:\d+\/\S*)/,
    );
    const origin = new URL(appUrl!).origin;
    expect((await fetch(origin)).ok).toBe(true);
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(await refused(`${serverUrl}/health`)).toBe(true);
    expect(await refused(origin)).toBe(true);
  }, 120_000);

  it('falls back to web mode when Electron never shows a window, and does not leave it running', async () => {
    const dir = newDir();
    const pidFile = join(dir, 'pid');
    const electron = standInElectron(dir, `echo $$ > '${pidFile}'\nexec sleep 600`);
    const demo = startDemo({
      ZHIKU_DEMO_DATA: join(dir, 'data'),
      ZHIKU_ELECTRON_BINARY: electron,
      ZHIKU_ELECTRON_START_TIMEOUT_MS: '1500',
    });
    await demo.waitFor(/did not become ready in time/);
    await demo.waitFor(/web mode\. Open this address/);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow();
    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
  }, 120_000);
});

describe('the sandbox hint', () => {
  it.runIf(process.platform === 'linux')(
    'explains the AppArmor restriction of Ubuntu 24.04 and later, and says nothing elsewhere (a Linux-only hint)',
    () => {
      const restricted = sandboxHint('/nowhere', (path) =>
        path.endsWith('apparmor_restrict_unprivileged_userns') ? '1\n' : undefined,
      );
      expect(restricted).toContain('AppArmor');
      expect(restricted).toContain('chmod 4755 /nowhere/node_modules/electron/dist/chrome-sandbox');
      expect(sandboxHint('/nowhere', () => '0\n')).toBe('');
      expect(sandboxHint('/nowhere', () => undefined)).toBe('');
    },
  );
});
