import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BehaviorSubject } from 'rxjs';
import type { SecretProblem, SecretStorageStatus } from '../../../common/contract/secrets.js';
import { protectedFileCodec, type SecretCodec } from './secret-codec.js';
import { readSealedSecret, removeSealedSecret, writeSealedSecret, type SecretRead } from './sealed-secret-file.js';

export interface SecretStorageOptions {
  dataDir: string;
  /** The OS keychain, when this start has one (Electron's safeStorage with a real backend). */
  keychain?: SecretCodec | undefined;
  /** What the keychain is on Linux (`gnome_libsecret`, `kwallet5`, `basic_text` …), for Settings and support. */
  backend?: string | undefined;
  /** Tell the learner once at start when secrets are kept in files (the desktop app; not web mode). */
  announce?: boolean;
}

/** The learner's answer to "no keychain here": whether to stay signed in through a protected file. */
interface Preference {
  keepSignIn: boolean;
  noticeAnswered: boolean;
}

export interface SecretStorage {
  status$: BehaviorSubject<SecretStorageStatus>;
  /** Reads a secret; `valid` recognises its plaintext (see sealed-secret-file.ts). A locked one is reported, never thrown. */
  read(name: 'session' | 'content-key', valid: (plain: string) => boolean): Promise<SecretRead>;
  write(name: 'session' | 'content-key', plain: string): Promise<void>;
  remove(name: 'session' | 'content-key'): Promise<void>;
  /** Whether a sign-in may be written to disk at all (the learner may choose not, without a keychain). */
  keepsSignIn(): boolean;
  choose(answer: { keepSignIn: boolean }): Promise<SecretStorageStatus>;
}

const FILES = { session: 'session.bin', 'content-key': 'content-key.bin' } as const;
const PROBLEM_OF = { session: 'sign-in-unreadable', 'content-key': 'content-key-unreadable' } as const;

/**
 * Where the device's secrets rest (the refresh token, the content key): sealed by the OS
 * keychain where there is one; otherwise in files only this OS account can read, which the
 * learner is told about and may decline for the sign-in. Each file records how it was kept.
 */
export function createSecretStorage(options: SecretStorageOptions): SecretStorage {
  const preferenceFile = join(options.dataDir, 'secret-storage.json');
  const codec = options.keychain ?? protectedFileCodec;
  let preference: Preference = { keepSignIn: true, noticeAnswered: false };
  if (existsSync(preferenceFile)) {
    try {
      const stored = JSON.parse(readFileSync(preferenceFile, 'utf8')) as Partial<Preference>;
      preference = { keepSignIn: stored.keepSignIn !== false, noticeAnswered: stored.noticeAnswered === true };
    } catch {
      // A damaged preference file: ask again rather than guess.
    }
  }
  const problems = new Set<SecretProblem>();
  const statusOf = (): SecretStorageStatus => ({
    storage: options.keychain ? 'os-keychain' : 'protected-files',
    backend: options.backend ?? null,
    keepSignIn: options.keychain ? true : preference.keepSignIn,
    noticePending: !options.keychain && options.announce === true && !preference.noticeAnswered,
    problems: [...problems].sort(),
  });
  const status$ = new BehaviorSubject<SecretStorageStatus>(statusOf());
  const publish = () => status$.next(statusOf());
  const fileOf = (name: keyof typeof FILES) => join(options.dataDir, FILES[name]);

  return {
    status$,
    async read(name, valid) {
      const result = await readSealedSecret(fileOf(name), { keychain: options.keychain, preferred: codec, valid });
      if (result.status === 'unreadable') {
        problems.add(PROBLEM_OF[name]);
        publish();
        return result;
      }
      if (problems.delete(PROBLEM_OF[name])) publish();
      return result;
    },
    async write(name, plain) {
      await writeSealedSecret(fileOf(name), plain, codec);
      if (problems.delete(PROBLEM_OF[name])) publish();
    },
    remove: (name) => removeSealedSecret(fileOf(name)),
    keepsSignIn: () => statusOf().keepSignIn,
    async choose(answer) {
      preference = { keepSignIn: answer.keepSignIn, noticeAnswered: true };
      await writeFile(`${preferenceFile}.tmp`, JSON.stringify(preference), { mode: 0o600 });
      await rename(`${preferenceFile}.tmp`, preferenceFile);
      publish();
      return status$.value;
    },
  };
}
