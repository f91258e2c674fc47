import type { SecretStorage } from '../secrets/secret-storage.js';

/** What the core keeps of a signed-in session. Never sent to the renderer. */
export interface StoredSession {
  serverUrl: string;
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; displayName: string; role: string };
  deviceId: string;
}

/**
 * Where tokens rest: the device's secret storage (the OS keychain, or a protected file the
 * learner was told about). Only the core sees them. Writes are queued in order and never
 * block the caller; `flush` waits for them (the app does before it quits).
 */
export interface TokenVault {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): void;
  clear(): void;
  flush(): Promise<void>;
}

function isStoredSession(plain: string): boolean {
  try {
    const value = JSON.parse(plain) as Partial<StoredSession>;
    return (
      typeof value.accessToken === 'string' &&
      typeof value.refreshToken === 'string' &&
      typeof value.serverUrl === 'string' &&
      typeof value.user?.id === 'string'
    );
  } catch {
    return false;
  }
}

export function secretTokenVault(
  secrets: SecretStorage,
  onError: (error: unknown) => void = () => undefined,
): TokenVault {
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (write: () => Promise<void>) => {
    queue = queue.then(write).catch(onError);
  };
  return {
    async load() {
      const read = await secrets.read('session', isStoredSession);
      // An unreadable one (another account's keychain, a refused prompt) reads as signed out and stays on disk.
      return read.status === 'ok' ? (JSON.parse(read.plain) as StoredSession) : null;
    },
    save(session) {
      // Without a keychain the learner may have chosen to sign in at each start: then the session lives in memory only.
      enqueue(() =>
        secrets.keepsSignIn() ? secrets.write('session', JSON.stringify(session)) : secrets.remove('session'),
      );
    },
    clear() {
      enqueue(() => secrets.remove('session'));
    },
    flush: () => queue,
  };
}
