import type { SafeStorage } from 'electron';
import type { SecretStorageOptions } from '../../core/secrets/secret-storage.js';

/**
 * The OS keychain through Electron's asynchronous safeStorage (the synchronous calls are
 * deprecated in Electron 45). On Linux, the `basic_text` backend means no secret service was
 * found: Chromium would seal with a fixed, public password, so it does not count as a keychain
 * and the learner is told that secrets are kept in protected files instead.
 */
export async function osKeychain(
  safeStorage: Pick<
    SafeStorage,
    'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
  >,
  platform: NodeJS.Platform,
): Promise<Omit<SecretStorageOptions, 'dataDir'>> {
  // A check that fails is a keychain we cannot use: secrets go to protected files and the learner is told (announce).
  const available = await safeStorage.isAsyncEncryptionAvailable().catch(() => false);
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined;
  const real = available && !(backend === 'basic_text' || backend === 'unknown');
  if (!real) return { backend, announce: true };
  return {
    backend,
    announce: false,
    keychain: {
      id: 'os-keychain',
      seal: (plain) => safeStorage.encryptStringAsync(plain),
      open: async (sealed) => {
        const opened = await safeStorage.decryptStringAsync(sealed);
        return { plain: opened.result, reseal: opened.shouldReEncrypt };
      },
    },
  };
}
