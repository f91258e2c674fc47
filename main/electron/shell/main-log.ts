import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';

/**
 * The main process's log: `logs/main.log` in the data folder, one line per event, and stderr.
 * Messages and error texts only — never tokens, keys or request bodies.
 */
export function mainLog(folder: () => string): { log: (message: string, error?: unknown) => void; file: () => string } {
  const file = () => join(folder(), 'logs', 'main.log');
  return {
    file,
    log: (message, error) => {
      const detail =
        error === undefined ? '' : `: ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}`;
      const line = `${new Date().toISOString()} ${message}${detail}\n`;
      process.stderr.write(`[zhiku] ${line}`);
      try {
        mkdirSync(join(folder(), 'logs'), { recursive: true });
        appendFileSync(file(), line, { mode: 0o600 });
      } catch {
        // stderr already has it; a log that cannot be written must not stop the app.
      }
    },
  };
}
