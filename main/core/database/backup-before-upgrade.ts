import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { COLLECTIONS } from '../../../common/collections/index.js';

const KEEP = 3;

/** The schema version of every collection this build opens. */
export function codeSchemaVersions(): Record<string, number> {
  return Object.fromEntries(Object.entries(COLLECTIONS).map(([name, definition]) => [name, definition.schema.version]));
}

/**
 * Before a build with newer collection schemas opens the device database (and RxDB migrates
 * it in place), the file is copied with SQLite's online backup API to
 * `<dataDir>/backups/<time>-before-upgrade/`, the newest three kept. The versions the file was
 * last opened with are recorded next to it after every successful open.
 */
export async function backupBeforeUpgrade(options: {
  dataDir: string;
  fileName: string;
  now: () => number;
}): Promise<string | null> {
  const file = join(options.dataDir, 'db', options.fileName);
  if (!existsSync(file)) return null;
  const markerFile = join(options.dataDir, 'db', 'schema-versions.json');
  const stored = existsSync(markerFile)
    ? (JSON.parse(readFileSync(markerFile, 'utf8')) as Record<string, number>)
    : null;
  const code = codeSchemaVersions();
  const upgrading = stored === null || Object.entries(code).some(([name, version]) => (stored[name] ?? -1) < version);
  if (!upgrading) return null;
  const root = join(options.dataDir, 'backups');
  const target = join(root, `${new Date(options.now()).toISOString().replaceAll(':', '-')}-before-upgrade`);
  mkdirSync(target, { recursive: true, mode: 0o700 });
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(join(target, options.fileName));
  } finally {
    source.close();
  }
  for (const old of readdirSync(root)
    .filter((name) => name.endsWith('-before-upgrade'))
    .sort()
    .slice(0, -KEEP))
    rmSync(join(root, old), { recursive: true, force: true });
  return target;
}

export function recordSchemaVersions(dataDir: string): void {
  writeFileSync(join(dataDir, 'db', 'schema-versions.json'), JSON.stringify(codeSchemaVersions()));
}
