import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the core keeps of a signed-in session. Never sent to the renderer. */
export interface StoredSession {
  serverUrl: string;
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; displayName: string; role: string };
  deviceId: string;
}

/**
 * Where tokens rest. In Electron the vault encrypts with `safeStorage` (the OS keychain);
 * in Node mode it is a file only the user can read. Either way only the core sees them.
 */
export interface TokenVault {
  load(): StoredSession | null;
  save(session: StoredSession): void;
  clear(): void;
}

/** Encrypt/decrypt pair, e.g. Electron's safeStorage; identity in Node mode (the file mode protects it). */
export interface SecretCodec {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

const plainCodec: SecretCodec = { encrypt: (plain) => Buffer.from(plain, 'utf8'), decrypt: (sealed) => sealed.toString('utf8') };

export function fileTokenVault(dataDir: string, codec: SecretCodec = plainCodec): TokenVault {
  const file = join(dataDir, 'session.bin');
  return {
    load() {
      if (!existsSync(file)) return null;
      try {
        return JSON.parse(codec.decrypt(readFileSync(file))) as StoredSession;
      } catch {
        // Unreadable (another OS account's keychain, a damaged file): treat as signed out.
        return null;
      }
    },
    save(session) {
      writeFileSync(`${file}.tmp`, codec.encrypt(JSON.stringify(session)), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    },
    clear() {
      rmSync(file, { force: true });
    },
  };
}
