/**
 * `npm run server:backup -- <file>` and `npm run server:restore -- <file>`: the server's database
 * (SQLite in ZHIKU_DATA_DIR, or PostgreSQL at DATABASE_URL) to and from a file. Backups may be
 * taken while the server runs; restore with every instance stopped. docs/deployment.md.
 */
import { resolve } from 'node:path';
import { readServerConfig } from './config.js';
import { backupPostgres, backupSqlite, restorePostgres, restoreSqlite } from './database/backup.js';

const [command, file] = process.argv.slice(2);
if ((command !== 'backup' && command !== 'restore') || !file) {
  process.stderr.write('usage: backup-cli.ts backup|restore <file>\n');
  process.exit(2);
}
const config = readServerConfig(process.env, { demoCatalogPath: '' });
const path = resolve(file);
const bin = process.env.ZHIKU_PG_BIN ?? '';
if (config.databaseUrl) {
  await (command === 'backup'
    ? backupPostgres(config.databaseUrl, path, bin)
    : restorePostgres(config.databaseUrl, path, bin));
} else {
  await (command === 'backup' ? backupSqlite(config.dataDir, path) : restoreSqlite(config.dataDir, path));
}
process.stdout.write(`${command === 'backup' ? 'backed up to' : 'restored from'} ${path}\n`);
