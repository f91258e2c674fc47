/**
 * How a secret at rest is kept. Every sealed file records the codec that wrote it, so a file
 * is always read the way it was written: never guessed, never silently misread.
 *
 * - `os-keychain`: sealed by the operating system (DPAPI, the macOS Keychain, libsecret or
 *   KWallet through Electron's asynchronous safeStorage).
 * - `protected-file`: kept as is in a file only this OS account can read (mode 0600), where
 *   no keychain exists (web mode, Linux without a secret service).
 */
export type SecretCodecId = 'os-keychain' | 'protected-file';

export interface SecretCodec {
  readonly id: SecretCodecId;
  seal(plain: string): Promise<Buffer>;
  /** `reseal`: the keychain asks for the secret to be sealed again (its key was rotated). */
  open(sealed: Buffer): Promise<{ plain: string; reseal: boolean }>;
}

export const protectedFileCodec: SecretCodec = {
  id: 'protected-file',
  seal: async (plain) => Buffer.from(plain, 'utf8'),
  open: async (sealed) => ({ plain: sealed.toString('utf8'), reseal: false }),
};
