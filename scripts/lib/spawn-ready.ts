import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ReadyProcess {
  child: ChildProcess;
  /** The `{"event":"ready",...}` line the process printed. */
  ready: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts a Zhiku process (sync server or web host) and resolves when it prints its
 * ready line — an event, not a sleep. Rejects with its stderr if it exits first.
 */
export function spawnUntilReady(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; echo?: boolean } = {},
): Promise<ReadyProcess> {
  const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (options.echo) process.stderr.write(chunk);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not become ready in time. stderr:\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (options.echo) process.stdout.write(`${line}\n`);
      if (!line.startsWith('{"event":"ready"')) return;
      clearTimeout(timer);
      resolve({ child, ready: JSON.parse(line) as Record<string, string>, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before it was ready. stderr:\n${stderr}`));
    });
  });
}
