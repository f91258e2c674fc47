import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redactFields, type LogFields } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where the core's services say what they did and what went wrong; injected, never global. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The same log, with every line labelled by the part of the core that wrote it. */
  child(scope: string): Logger;
}

export interface LogEntry {
  at: string;
  level: LogLevel;
  scope: string;
  line: string;
}

export interface CoreLog extends Logger {
  /** The latest warnings and errors, newest last (for "Copy diagnostics"). */
  recent(): LogEntry[];
  file(): string;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const RECENT = 40;

/** `key=value` pairs a person can read; values with spaces are quoted. */
function formatFields(fields: LogFields): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return `${key}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`;
    })
    .join(' ');
}

/**
 * The core's log: one readable line per event in `<data>/logs/core.log`, secrets redacted
 * (redact.ts), rotated at `maxBytes` with `keep` older files (`core.1.log` …). A log that
 * cannot be written never stops the app: the line goes to stderr instead.
 */
export function createCoreLogger(options: {
  dataDir: string;
  now?: () => Date;
  level?: LogLevel;
  maxBytes?: number;
  keep?: number;
  echo?: boolean;
}): CoreLog {
  const dir = join(options.dataDir, 'logs');
  const file = join(dir, 'core.log');
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 3;
  const threshold = RANK[options.level ?? 'info'];
  const recent: LogEntry[] = [];
  let size = existsSync(file) ? statSync(file).size : 0;

  function rotate(): void {
    for (let index = keep - 1; index >= 1; index--) {
      const from = join(dir, `core.${index}.log`);
      if (existsSync(from)) renameSync(from, join(dir, `core.${index + 1}.log`));
    }
    if (existsSync(file)) renameSync(file, join(dir, 'core.1.log'));
    size = 0;
  }

  function write(level: LogLevel, scope: string, message: string, fields: LogFields = {}): void {
    const at = (options.now?.() ?? new Date()).toISOString();
    const details = formatFields(redactFields(fields));
    const line = `${at} ${level.toUpperCase().padEnd(5)} ${scope}: ${message}${details ? ` ${details}` : ''}`;
    if (RANK[level] >= RANK.warn) {
      recent.push({ at, level, scope, line });
      if (recent.length > RECENT) recent.shift();
    }
    if (RANK[level] < threshold) return;
    if (options.echo) process.stderr.write(`${line}\n`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (size + line.length + 1 > maxBytes) rotate();
      appendFileSync(file, `${line}\n`, { mode: 0o600 });
      size += Buffer.byteLength(line) + 1;
    } catch {
      // The disk is full or the folder unwritable: say it where it can still be seen.
      process.stderr.write(`${line}\n`);
    }
  }

  const scoped = (scope: string): Logger => ({
    debug: (message, fields) => write('debug', scope, message, fields),
    info: (message, fields) => write('info', scope, message, fields),
    warn: (message, fields) => write('warn', scope, message, fields),
    error: (message, fields) => write('error', scope, message, fields),
    child: (inner) => scoped(`${scope}.${inner}`),
  });
  return { ...scoped('core'), child: (scope) => scoped(scope), recent: () => [...recent], file: () => file };
}

/** A logger that drops everything (tests of parts that are not about logging). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
