import { mkdirSync } from 'node:fs';
import type { AppInfo, OperationHandlers, SubscriptionSources } from '../../common/contract/index.js';
import type { SettingsPatch } from '../../common/settings.js';
import { watchCourse, watchCourses } from './catalog/catalog-queries.js';
import { openClientDatabase, type ClientDatabase } from './database/open-client-database.js';
import { createServerStatusMonitor } from './server-status-monitor.js';
import { openSettingsStore } from './settings-store.js';

export interface CoreOptions {
  dataDir: string;
  appVersion: string;
  runtime: AppInfo['runtime'];
  /** Electron's and Chrome's versions when the core runs inside Electron. */
  versions?: Partial<AppInfo['versions']>;
  systemLocale?: string;
  /** Values used where the user has not chosen yet (provisioning, tests); validated like any update. */
  initialSettings?: SettingsPatch;
  now?: () => Date;
  fetch?: typeof fetch;
}

export interface Core {
  operations: OperationHandlers;
  subscriptions: SubscriptionSources;
  /** The device database, for the core's own services (sync, downloads) and tests. */
  database: ClientDatabase;
  close(): Promise<void>;
}

/**
 * The desktop core: everything the UI can ask for, in plain Node. Electron's main process
 * and the web-mode host both create it and only carry its operations to the UI.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const now = options.now ?? (() => new Date());
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const startedAt = now().toISOString();
  const settings = openSettingsStore({ dataDir: options.dataDir, now, initial: options.initialSettings ?? {} });
  const serverStatus = createServerStatusMonitor({
    serverUrl: () => settings.get().syncServerUrl,
    fetch: options.fetch ?? fetch,
    now,
  });
  const database = await openClientDatabase({ dataDir: options.dataDir });
  const stopRecheckOnUrlChange = settings.onChange(() => void serverStatus.check());

  const appInfo: AppInfo = {
    name: 'Zhiku',
    version: options.appVersion,
    runtime: options.runtime,
    platform: process.platform,
    arch: process.arch,
    versions: { node: process.versions.node, ...options.versions },
    systemLocale: options.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    dataDir: options.dataDir,
    startedAt,
  };

  return {
    operations: {
      'app.getInfo': async () => appInfo,
      'settings.get': async () => settings.get(),
      'settings.update': async (patch) => settings.update(patch),
      'server.checkStatus': () => serverStatus.check(),
    },
    subscriptions: {
      'settings.watch': (_input, emit) => {
        emit(settings.get());
        return settings.onChange(emit);
      },
      'server.watchStatus': (_input, emit) => serverStatus.watch(emit),
      'catalog.watchCourses': (input, emit) => watchCourses(database.collections, input, emit),
      'catalog.watchCourse': ({ courseId }, emit) => watchCourse(database.collections, courseId, emit),
    },
    database,
    async close() {
      stopRecheckOnUrlChange();
      serverStatus.close();
      await database.close();
    },
  };
}
