import { diagnosticsText } from '../logging/diagnostics.js';
import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { AppInfo } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** The device itself: what it runs, its settings, how it keeps secrets, its server and recovery status. */
export function deviceOperations({
  session,
  sync,
  downloads,
  settings,
  serverStatus,
  secrets,
  vault,
  log,
  appInfo,
  now,
  recovery,
  provisioning,
  follow,
}: CoreServices): {
  operations: Pick<
    OperationHandlers,
    'app.getInfo' | 'app.diagnostics' | 'settings.get' | 'settings.update' | 'server.checkStatus' | 'secrets.choose'
  >;
  subscriptions: Pick<
    SubscriptionSources,
    'settings.watch' | 'server.watchStatus' | 'secrets.watch' | 'provisioning.watch' | 'recovery.watch'
  >;
} {
  return {
    operations: {
      'app.getInfo': async () => appInfo,
      'app.diagnostics': async () => ({
        text: await diagnosticsText({
          info: appInfo,
          now: now(),
          sync: sync.status$.value,
          serverUrl: settings.get().syncServerUrl,
          secrets: secrets.status$.value,
          downloads: downloads.view$.value,
          recent: log.recent(),
          logFile: log.file(),
        }),
      }),
      'settings.get': async () => settings.get(),
      'settings.update': async (patch) => settings.update(patch),
      'server.checkStatus': () => serverStatus.check(),
      'secrets.choose': async (answer) => {
        const status = await secrets.choose(answer);
        // Declining a stored sign-in removes the one on disk now; the session stays for this run.
        const current = session.current();
        if (current) vault.save(current);
        await vault.flush();
        return status;
      },
    },
    subscriptions: {
      'settings.watch': (_input, emit) => {
        emit(settings.get());
        return settings.onChange(emit);
      },
      'server.watchStatus': (_input, emit) => serverStatus.watch(emit),
      'secrets.watch': (_input, emit) => follow(secrets.status$, emit),
      'provisioning.watch': (_input, emit) => follow(provisioning.status$, emit),
      'recovery.watch': (_input, emit) => follow(recovery.status$, emit),
    },
  };
}

/** What the core says about itself (About, diagnostics). */
export function appInfoOf(
  options: {
    appVersion: string;
    runtime: AppInfo['runtime'];
    versions?: Partial<AppInfo['versions']>;
    systemLocale?: string;
    dataDir: string;
  },
  startedAt: string,
): AppInfo {
  return {
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
}
