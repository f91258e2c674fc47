import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnUntilReady } from '../scripts/lib/spawn-ready.ts';
import { demoCatalogPath, projectRoot, useTempDirs } from '../tests/helpers.js';
import { readServerConfig } from './config.js';
import { SQLITE_FILE_NAME } from './database/open-sqlite.js';
import { startServer, type RunningServer } from './start-server.js';

const newDir = useTempDirs();
const running: RunningServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

async function start(env: Record<string, string> = {}, dataDir = newDir()) {
  const server = await startServer(
    readServerConfig(
      { ZHIKU_MODE: 'development', ZHIKU_DATA_DIR: dataDir, ZHIKU_SERVER_PORT: '0', ZHIKU_LOG_LEVEL: 'silent', ...env },
      { demoCatalogPath },
    ),
    '1.0.0',
  );
  running.push(server);
  return server;
}

describe('the sync server', () => {
  it('answers /health over HTTP with its catalog, from a SQLite file in the data dir', async () => {
    const dataDir = newDir();
    const server = await start({}, dataDir);
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      service: 'zhiku-sync-server',
      version: '1.0.0',
      database: 'sqlite',
      catalog: { courses: 12 },
    });
    const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('re-imports an unchanged catalog as a no-op and picks up a changed course', async () => {
    const dataDir = newDir();
    const first = await start({}, dataDir);
    await first.close();
    running.pop();
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    const before = db.prepare('SELECT id, imported_at FROM catalog_courses ORDER BY id').all();
    db.close();

    const catalogDir = newDir();
    cpSync(join(demoCatalogPath, '..'), catalogDir, { recursive: true });
    const catalog = JSON.parse(readFileSync(demoCatalogPath, 'utf8')) as {
      courses: { id: string; subtitle: { en: string } }[];
    };
    catalog.courses[0]!.subtitle.en = 'Now with more exercises';
    writeFileSync(join(catalogDir, 'catalog.json'), JSON.stringify(catalog));
    await start({ ZHIKU_DEMO_CATALOG: join(catalogDir, 'catalog.json') }, dataDir);

    const after = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    const rows = after.prepare('SELECT id, imported_at, source_json FROM catalog_courses ORDER BY id').all() as {
      id: string;
      imported_at: string;
      source_json: string;
    }[];
    after.close();
    expect(rows).toHaveLength(before.length);
    const changed = rows.filter((row, i) => row.imported_at !== (before[i] as { imported_at: string }).imported_at);
    expect(changed.map((row) => row.id)).toEqual([catalog.courses[0]!.id]);
  });

  it('refuses to start on an invalid catalog and leaves the database as it was', async () => {
    const dataDir = newDir();
    await (await start({ ZHIKU_DEMO_CATALOG: 'off' }, dataDir)).close();
    running.pop();
    const bad = join(newDir(), 'catalog.json');
    copyFileSync(demoCatalogPath, bad);
    writeFileSync(bad, readFileSync(bad, 'utf8').replace('"formatVersion": 1', '"formatVersion": 2'));
    await expect(start({ ZHIKU_DEMO_CATALOG: bad }, dataDir)).rejects.toThrow(/not valid.*formatVersion/);
    const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM catalog_courses').get()).toEqual({ n: 0 });
    db.close();
  });

  it('answers unknown routes and oversized bodies with 4xx', async () => {
    const server = await start();
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const big = await fetch(`${server.url}/health`, {
      method: 'POST',
      body: 'x'.repeat(2 * 1024 * 1024),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBeGreaterThanOrEqual(400);
    expect(big.status).toBeLessThan(500);
  });

  it('as a process, logs JSON, and shuts down gracefully on SIGTERM', async () => {
    const server = await spawnUntilReady(
      process.execPath,
      ['--import', 'tsx', join(projectRoot, 'sync-server/main.ts')],
      {
        env: { ZHIKU_MODE: 'development', ZHIKU_DATA_DIR: newDir(), ZHIKU_SERVER_PORT: '0', ZHIKU_LOG_LEVEL: 'info' },
      },
    );
    expect(
      (await fetch(`${server.ready.url}/health`, { headers: { authorization: 'Bearer top-secret-token' } })).status,
    ).toBe(200);
    let output = '';
    server.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output).toContain('"msg":"shutting down"');
    expect(output).not.toContain('top-secret-token');
  });

  it('as a process, stops with a clear message on bad configuration', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'sync-server/main.ts')], {
      env: { ...process.env, ZHIKU_SERVER_PORT: 'not-a-port' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('ZHIKU_SERVER_PORT');
  });

  it('as a process in production (the default), refuses to start unsafe and says how to fix it; server:doctor says the same', async () => {
    const run = (script: string, env: Record<string, string>) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, script)], {
          env: { PATH: process.env.PATH ?? '', ZHIKU_DATA_DIR: newDir(), ZHIKU_SERVER_PORT: '0', ...env },
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => resolve({ code, output }));
      });
    const refused = await run('sync-server/main.ts', {
      ZHIKU_SERVER_HOST: '0.0.0.0',
      STRIPE_SECRET_KEY: 'sk_live_only_half',
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('ZHIKU_PAYMENTS');
    expect(refused.output).toContain('STRIPE_WEBHOOK_SECRET');
    expect(refused.output).toContain('ZHIKU_PUBLIC_URL');
    expect(refused.output).not.toContain('sk_live_only_half');
    const doctor = await run('sync-server/doctor-cli.ts', {
      ZHIKU_SERVER_HOST: '0.0.0.0',
      STRIPE_SECRET_KEY: 'sk_live_only_half',
    });
    expect(doctor.code).toBe(1);
    expect(doctor.output).toContain('UNSAFE  ZHIKU_PAYMENTS');
    expect(doctor.output).toContain('fix: ');
    const fine = await run('sync-server/doctor-cli.ts', { ZHIKU_PAYMENTS: 'test' });
    expect(fine.code).toBe(0);
    expect(fine.output).toContain('production mode');
  });
});
