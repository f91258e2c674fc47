import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { SecretCodec, SecretCodecId } from './secret-codec.js';

/** A secret file: which codec sealed it, and the sealed bytes. */
interface Envelope {
  zhikuSecret: 1;
  codec: SecretCodecId;
  data: string;
}

export type SecretRead =
  | { status: 'absent' }
  | { status: 'ok'; plain: string; codec: SecretCodecId; rewritten: boolean }
  /** The file is there but cannot be opened now; it is left exactly as it was. */
  | { status: 'unreadable'; reason: 'keychain-missing' | 'keychain-refused' | 'damaged'; detail: string };

function parseEnvelope(bytes: Buffer): Envelope | null {
  if (bytes[0] !== 0x7b) return null;
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Partial<Envelope>;
    return value.zhikuSecret === 1 &&
      (value.codec === 'os-keychain' || value.codec === 'protected-file') &&
      typeof value.data === 'string'
      ? (value as Envelope)
      : null;
  } catch {
    return null;
  }
}

/** Writes through a temporary file and a rename: a crash leaves the old secret or the new one. */
export async function writeSealedSecret(file: string, plain: string, codec: SecretCodec): Promise<void> {
  const sealed = await codec.seal(plain);
  const envelope: Envelope = { zhikuSecret: 1, codec: codec.id, data: sealed.toString('base64') };
  await writeFile(`${file}.tmp`, JSON.stringify(envelope), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

export async function removeSealedSecret(file: string): Promise<void> {
  await rm(file, { force: true });
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads a secret the way it was written. `keychain` is the OS keychain when this start has
 * one. `valid` recognises the plaintext, so a file from before codecs were recorded (plain,
 * or sealed by the keychain) is told apart by its content, never by trying a key and hoping.
 * A secret that is readable but not kept the preferred way (`preferred`) is sealed again.
 */
export async function readSealedSecret(
  file: string,
  options: { keychain: SecretCodec | undefined; preferred: SecretCodec; valid: (plain: string) => boolean },
): Promise<SecretRead> {
  if (!existsSync(file)) return { status: 'absent' };
  const bytes = await readFile(file);
  const envelope = parseEnvelope(bytes);
  let opened: { plain: string; codec: SecretCodecId; reseal: boolean };
  if (envelope?.codec === 'protected-file') {
    opened = { plain: Buffer.from(envelope.data, 'base64').toString('utf8'), codec: 'protected-file', reseal: false };
  } else if (envelope?.codec === 'os-keychain') {
    if (!options.keychain)
      return {
        status: 'unreadable',
        reason: 'keychain-missing',
        detail: 'sealed by the system keychain, which is not available now',
      };
    try {
      const result = await options.keychain.open(Buffer.from(envelope.data, 'base64'));
      opened = { plain: result.plain, codec: 'os-keychain', reseal: result.reseal };
    } catch (error) {
      return { status: 'unreadable', reason: 'keychain-refused', detail: message(error) };
    }
  } else {
    // Written before codecs were recorded: plaintext, or sealed by the keychain of that time.
    const asText = bytes.toString('utf8');
    if (options.valid(asText)) opened = { plain: asText, codec: 'protected-file', reseal: true };
    else if (!options.keychain)
      return {
        status: 'unreadable',
        reason: 'keychain-missing',
        detail: 'an older file sealed by a system keychain that is not available now',
      };
    else {
      try {
        opened = { plain: (await options.keychain.open(bytes)).plain, codec: 'os-keychain', reseal: true };
      } catch (error) {
        return { status: 'unreadable', reason: 'keychain-refused', detail: message(error) };
      }
    }
  }
  if (!options.valid(opened.plain))
    return { status: 'unreadable', reason: 'damaged', detail: 'the secret opened but is not what was stored' };
  const rewrite = opened.reseal || opened.codec !== options.preferred.id;
  if (rewrite) await writeSealedSecret(file, opened.plain, options.preferred);
  return {
    status: 'ok',
    plain: opened.plain,
    codec: rewrite ? options.preferred.id : opened.codec,
    rewritten: rewrite,
  };
}
