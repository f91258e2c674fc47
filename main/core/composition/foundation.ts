import { mkdirSync } from 'node:fs';
import { openDatabaseWithRecovery } from '../database/recovery.js';
import { openUnsyncedJournal } from '../database/unsynced-journal.js';
import { createCoreLogger } from '../logging/core-logger.js';
import { withRequestIds } from '../logging/request-ids.js';
import { createServerStatusMonitor } from '../server-status-monitor.js';
import { openSettingsStore } from '../settings-store.js';
import { createServerClock } from '../sync/server-clock.js';
import type { CoreOptions } from '../core-options.js';

/**
 * The ground floor: the data folder, server time, the log, the settings and the device
 * database (with its journal of unsynced changes). Everything else is built on these.
 */
export async function openFoundation(options: CoreOptions) {
  const { dataDir } = options;
  const deviceNow = options.now ?? (() => new Date());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Everything the core stamps is in server time, measured on every answer (sync/server-clock.ts).
  const clock = createServerClock({ deviceNow: () => deviceNow().getTime(), dataDir });
  const now = () => new Date(clock.now());
  const log = options.logger ?? createCoreLogger({ dataDir, now: deviceNow });
  const fetchImpl = withRequestIds(clock.wrapFetch(options.fetch ?? fetch), log.child('http'));
  const settings = openSettingsStore({ dataDir, now, initial: options.initialSettings ?? {} });
  const serverUrl = () => settings.get().syncServerUrl;
  const serverStatus = createServerStatusMonitor({ serverUrl, fetch: fetchImpl, now });
  // Unsynced changes get a second copy outside the database file; a damaged file is set aside and rebuilt.
  const journal = openUnsyncedJournal(dataDir, () => clock.now());
  const { database } = await openDatabaseWithRecovery({ dataDir, now: () => clock.now(), journal });
  log.info('started', { version: options.appVersion, runtime: options.runtime, dataDir });
  return { options, dataDir, clock, now, log, fetch: fetchImpl, settings, serverUrl, serverStatus, journal, database };
}

export type Foundation = Awaited<ReturnType<typeof openFoundation>>;
