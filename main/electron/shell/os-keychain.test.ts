import { describe, expect, it } from 'vitest';
import { osKeychain } from './os-keychain.js';

/** safeStorage as Electron 45 documents it: the async calls, and `getSelectedStorageBackend` on Linux. */
function safeStorage(available: boolean, backend: 'basic_text' | 'gnome_libsecret' | 'kwallet5' | 'unknown') {
  const calls: string[] = [];
  return {
    calls,
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (plain: string) => {
      calls.push('encrypt');
      return Buffer.from([...Buffer.from(plain)].reverse());
    },
    decryptStringAsync: async (sealed: Buffer) => {
      calls.push('decrypt');
      return { result: Buffer.from([...sealed].reverse()).toString(), shouldReEncrypt: true };
    },
  };
}

describe('the OS keychain', () => {
  it('uses the asynchronous safeStorage calls where a real secret service exists', async () => {
    const storage = safeStorage(true, 'gnome_libsecret');
    const found = await osKeychain(storage, 'linux');
    expect(found).toMatchObject({ backend: 'gnome_libsecret', announce: false });
    const sealed = await found.keychain!.seal('secret');
    expect(await found.keychain!.open(sealed)).toEqual({ plain: 'secret', reseal: true });
    expect(storage.calls).toEqual(['encrypt', 'decrypt']);
  });

  it('does not count Linux basic_text (a fixed password) as a keychain, and says so', async () => {
    expect(await osKeychain(safeStorage(true, 'basic_text'), 'linux')).toEqual({
      backend: 'basic_text',
      announce: true,
    });
    expect(await osKeychain(safeStorage(false, 'unknown'), 'linux')).toEqual({ backend: 'unknown', announce: true });
  });

  it('on Windows and macOS trusts the platform’s answer', async () => {
    expect((await osKeychain(safeStorage(true, 'unknown'), 'win32')).keychain).toBeDefined();
    expect(await osKeychain(safeStorage(false, 'unknown'), 'darwin')).toEqual({ backend: undefined, announce: true });
  });
});
