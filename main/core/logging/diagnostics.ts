import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppInfo } from '../../../common/contract/app-info.js';
import type { DownloadsView } from '../../../common/contract/downloads.js';
import type { SecretStorageStatus } from '../../../common/contract/secrets.js';
import type { SyncStatus } from '../../../common/contract/session.js';
import type { LogEntry } from './core-logger.js';

/** Bytes under a folder (files only; links not followed); what cannot be read counts as 0. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  // A report for support must not fail over one unreadable folder; its size is simply not counted.
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await stat(path).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());

/**
 * What support needs to help with "my download stopped": versions, system, data size, sync
 * and secret-storage state, downloads, and the latest warnings and errors from the log. No
 * tokens, keys, passwords, e-mail addresses or note text (the log lines are redacted already).
 */
export async function diagnosticsText(input: {
  info: AppInfo;
  now: Date;
  sync: SyncStatus;
  serverUrl: string;
  secrets: SecretStorageStatus;
  downloads: DownloadsView;
  recent: LogEntry[];
  logFile: string;
}): Promise<string> {
  const { info, sync, secrets, downloads } = input;
  const byStatus = new Map<string, number>();
  for (const item of downloads.items) byStatus.set(item.status, (byStatus.get(item.status) ?? 0) + 1);
  const lines = [
    `Zhiku ${info.version} (${info.runtime}) — diagnostics ${input.now.toISOString()}`,
    `system: ${info.platform} ${info.arch}; ${Object.entries(info.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}; locale ${info.systemLocale}`,
    `data folder: ${info.dataDir} (${mib(await folderBytes(info.dataDir))}); started ${info.startedAt}`,
    `sync server: ${input.serverUrl}; online ${sync.online}; signed in ${sync.signedIn}; syncing ${sync.syncing}; unsynced changes ${sync.pendingChanges}; last synced ${when(sync.lastSyncedAt)}${sync.error ? `; error ${sync.error}` : ''}`,
    `secrets: ${secrets.storage}${secrets.backend ? ` (${secrets.backend})` : ''}; keep sign-in ${secrets.keepSignIn}; problems ${secrets.problems.join(', ') || 'none'}`,
    `downloads: ${downloads.items.length} (${[...byStatus].map(([status, count]) => `${status} ${count}`).join(', ') || 'none'}); ${mib(downloads.totalBytes)} complete`,
    `log: ${input.logFile}`,
    '',
    input.recent.length === 0
      ? 'No warnings or errors since the app started.'
      : `Latest warnings and errors (${input.recent.length}):`,
    ...input.recent.map((entry) => entry.line),
  ];
  return `${lines.join('\n')}\n`;
}
