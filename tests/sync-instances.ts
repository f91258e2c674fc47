import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './helpers.js';

/** A sync-server process (killable like a real one), ready when it prints its address. */
export async function startInstance(
  env: Record<string, string>,
): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const child = fork(join(projectRoot, 'sync-server/main.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ZHIKU_MODE: 'development', ZHIKU_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('"event":"ready"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
  });
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
