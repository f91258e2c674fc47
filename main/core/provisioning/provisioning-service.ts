import { BehaviorSubject, type Observable } from 'rxjs';
import type { ProvisioningStatus } from '../../../common/contract/provisioning.js';
import type { Provisioning } from '../../../common/provisioning.js';
import { AppError } from '../../../common/errors.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { SessionManager } from '../session/session-manager.js';
import type { SettingsStore } from '../settings-store.js';
import { readProvisioning } from './provisioning-file.js';
import type { ServerKeys } from '../server-keys.js';

/**
 * Applies an institution's provisioning on this device: its server and default language on
 * first use of a file, its locked settings always, and membership of its organization for
 * whoever signs in (once per account, remembered on the device).
 */
export function createProvisioning(options: {
  locations: readonly string[];
  installerKeyPath?: string | undefined;
  dataDir: string;
  db: ClientDatabase;
  settings: SettingsStore;
  session: SessionManager;
  /** The servers' signing keys pinned on this device. */
  keys: ServerKeys;
  join: (token: string) => Promise<{ organization: { id: string; name: string } }>;
}) {
  const status$ = new BehaviorSubject<ProvisioningStatus>({
    state: options.locations.length > 0 ? 'checking' : 'none',
    locked: [],
    membership: 'not-signed-in',
    updates: 'off',
  });
  let current: Provisioning | undefined;
  const update = (patch: Partial<ProvisioningStatus>) => status$.next({ ...status$.value, ...patch });

  async function joinIfNeeded(): Promise<void> {
    const user = options.session.current()?.user;
    if (!current || !user) {
      update({ membership: 'not-signed-in' });
      return;
    }
    const key = `provisioning:joined:${current.organization.id}:${user.id}`;
    if (await options.db.localstate.findOne(key).exec()) {
      update({ membership: 'joined' });
      return;
    }
    if (!current.enrollmentToken) return;
    update({ membership: 'joining' });
    try {
      const joined = await options.join(current.enrollmentToken);
      await options.db.localstate.upsert({ id: key, value: joined.organization, updatedAt: Date.now() });
      update({ membership: 'joined' });
    } catch (error) {
      // Offline: tried again on the next sign-in or start; refused: shown with the reason.
      update({ membership: 'failed', message: error instanceof AppError ? error.message : String(error) });
    }
  }

  const started = (async () => {
    if (options.locations.length === 0) return;
    const result = await readProvisioning({
      locations: options.locations,
      dataDir: options.dataDir,
      installerKeyPath: options.installerKeyPath,
      keys: options.keys,
    });
    if (result.state !== 'applied') {
      update(
        result.state === 'none'
          ? { state: 'none' }
          : { state: 'rejected', source: result.source, message: result.message },
      );
      return;
    }
    const provisioning = result.provisioning;
    current = provisioning;
    const marker = `provisioning:applied:${provisioning.organization.id}`;
    const applied = await options.db.localstate.findOne(marker).exec();
    if ((applied?.value as number | undefined) !== provisioning.issuedAt) {
      // First use of this file: its server and language become the defaults (the learner may change them unless locked).
      options.settings.update({
        syncServerUrl: provisioning.serverUrl,
        ...(provisioning.defaultLanguage ? { language: provisioning.defaultLanguage } : {}),
      });
      await options.db.localstate.upsert({ id: marker, value: provisioning.issuedAt, updatedAt: Date.now() });
    }
    options.settings.lock(provisioning.lockedSettings);
    update({
      state: 'applied',
      source: result.source,
      organization: provisioning.organization,
      locked: options.settings.locked(),
      updates: provisioning.updates === 'off' ? 'off' : 'feed',
    });
    await joinIfNeeded();
  })();
  const sessionSubscription = options.session.state$.subscribe(() => void started.then(joinIfNeeded));

  return {
    status$: status$ as Observable<ProvisioningStatus>,
    /** Resolves once the file (if any) has been read and applied. */
    ready: () => started,
    /** The verified provisioning, for the Electron host's updater. */
    current: () => current,
    close: () => sessionSubscription.unsubscribe(),
  };
}
