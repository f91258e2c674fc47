import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL for tests, started here on a free loopback port in a temp dir and
 * stopped afterwards. Needs Debian's postgresql package (`.ci/run` installs it); as root
 * the server runs as the `postgres` user.
 */
export interface TestPostgres {
  /** A URL to a new, empty database. */
  createDatabase(): Promise<string>;
  /** Stops the server the way a crash or a power cut would (no shutdown checkpoint). */
  crash(): void;
  /** Starts it again on the same port and data after `crash`. */
  restart(): void;
  stop(): Promise<void>;
}

export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version)
    throw new Error('PostgreSQL is not installed: apt-get install postgresql (the tests start their own server).');
  return join(root, version, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'zhiku-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString()),
      Number(execFileSync('id', ['-g', 'postgres']).toString()),
    );
  const run = (command: string, args: string[]) => {
    const result = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args])
      : spawnSync(join(bin, command), args);
    if (result.status !== 0)
      throw new Error(`${command} failed: ${result.stderr.toString()}${result.stdout.toString()}`);
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'zhiku', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
  start();
  let databases = 0;
  let running = true;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: `postgres://zhiku@127.0.0.1:${port}/postgres` });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    async createDatabase() {
      const name = `zhiku_test_${process.pid}_${++databases}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      return `postgres://zhiku@127.0.0.1:${port}/${name}`;
    },
    crash() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      running = false;
    },
    restart() {
      start();
      running = true;
    },
    async stop() {
      if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
