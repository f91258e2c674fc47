import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';

/**
 * Downloaded content at rest: AES-256-GCM in independent 64 KiB chunks, so any byte range
 * (seeking in a video) decrypts only the chunks it touches, and every chunk is
 * authenticated. Layout:
 *
 *   header  "ZKC1" | 12-byte file nonce | 8-byte plaintext length (0 while writing)
 *   chunks  ciphertext (≤ 64 KiB) | 16-byte tag   — nonce = file nonce XOR chunk index,
 *           additional data = file nonce + chunk index (chunks cannot be swapped or moved)
 */
export const CHUNK = 64 * 1024;
const TAG = 16;
const HEADER = 4 + 12 + 8;
const MAGIC = Buffer.from('ZKC1');

function chunkNonce(fileNonce: Buffer, index: number): Buffer {
  const nonce = Buffer.from(fileNonce);
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ index) >>> 0, 8);
  return nonce;
}

function additionalData(fileNonce: Buffer, index: number): Buffer {
  const aad = Buffer.alloc(16);
  fileNonce.copy(aad, 0);
  aad.writeUInt32BE(index, 12);
  return aad;
}

export function sealChunk(key: Buffer, fileNonce: Buffer, index: number, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(fileNonce, index));
  cipher.setAAD(additionalData(fileNonce, index));
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function openChunk(key: Buffer, fileNonce: Buffer, index: number, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(fileNonce, index));
  decipher.setAAD(additionalData(fileNonce, index));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG)), decipher.final()]);
}

/**
 * An interrupted download's last, partial chunk, kept beside the file (`<file>.tail`) so a link
 * that drops more often than every 64 KiB still makes progress. Its own random nonce each time it
 * is written (a chunk nonce is never reused for different plaintext); additional data binds it
 * to the file and the chunk index it continues:
 *
 *   12-byte random nonce | 4-byte chunk index | ciphertext | 16-byte tag
 */
const tailPath = (path: string) => `${path}.tail`;
const TAIL_MARK = Buffer.from('tail');

function tailAad(fileNonce: Buffer, index: number): Buffer {
  return Buffer.concat([additionalData(fileNonce, index), TAIL_MARK]);
}

async function readTail(path: string, key: Buffer, fileNonce: Buffer, index: number): Promise<Buffer> {
  try {
    const bytes = await readFile(tailPath(path));
    if (bytes.length <= 16 + TAG || bytes.readUInt32BE(12) !== index) return Buffer.alloc(0);
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAAD(tailAad(fileNonce, index));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
    return Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - TAG)), decipher.final()]);
  } catch {
    // None, or not this file's: those bytes are fetched again.
    return Buffer.alloc(0);
  }
}

/** Removes a sealed file and its tail. */
export async function removeSealedFile(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(tailPath(path), { force: true });
}

export interface SealedWriter {
  /** Plaintext bytes already held: whole chunks, plus a kept partial chunk. */
  plainBytes: number;
  append(plain: Buffer): Promise<void>;
  /** Keeps the partial chunk not yet written (an interruption), for the next writer to continue. */
  keepTail(): Promise<void>;
  finish(totalBytes: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts (or continues) a sealed file; returns how many plaintext bytes it already holds. */
export async function openSealedWriter(path: string, key: Buffer): Promise<SealedWriter> {
  let handle: FileHandle;
  let fileNonce: Buffer;
  let chunks: number;
  try {
    handle = await open(path, 'r+');
    const header = Buffer.alloc(HEADER);
    await handle.read(header, 0, HEADER, 0);
    if (!header.subarray(0, 4).equals(MAGIC)) throw new Error('not a sealed file');
    fileNonce = header.subarray(4, 16);
    // Only whole chunks count; a chunk cut off by an interruption is dropped and fetched again.
    const size = (await handle.stat()).size;
    chunks = Math.floor(Math.max(0, size - HEADER) / (CHUNK + TAG));
    await handle.truncate(HEADER + chunks * (CHUNK + TAG));
  } catch {
    handle = await open(path, 'w+', 0o600);
    fileNonce = randomBytes(12);
    chunks = 0;
    await handle.write(Buffer.concat([MAGIC, fileNonce, Buffer.alloc(8)]), 0, HEADER, 0);
  }
  let pending: Buffer = await readTail(path, key, fileNonce, chunks);
  await rm(tailPath(path), { force: true });
  let position = HEADER + chunks * (CHUNK + TAG);
  const writeChunk = async (plain: Buffer) => {
    const sealed = sealChunk(key, fileNonce, chunks, plain);
    await handle.write(sealed, 0, sealed.length, position);
    position += sealed.length;
    chunks++;
  };
  return {
    plainBytes: chunks * CHUNK + pending.length,
    async keepTail() {
      if (pending.length === 0) return;
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(tailAad(fileNonce, chunks));
      const index = Buffer.alloc(4);
      index.writeUInt32BE(chunks);
      await writeFile(
        `${tailPath(path)}.tmp`,
        Buffer.concat([nonce, index, cipher.update(pending), cipher.final(), cipher.getAuthTag()]),
        { mode: 0o600 },
      );
      await rename(`${tailPath(path)}.tmp`, tailPath(path));
    },
    async append(plain) {
      pending = pending.length === 0 ? plain : Buffer.concat([pending, plain]);
      while (pending.length >= CHUNK) {
        await writeChunk(pending.subarray(0, CHUNK));
        pending = pending.subarray(CHUNK);
      }
    },
    async finish(totalBytes) {
      if (pending.length > 0) await writeChunk(pending);
      pending = Buffer.alloc(0);
      const length = Buffer.alloc(8);
      length.writeBigUInt64BE(BigInt(totalBytes));
      await handle.write(length, 0, 8, 16);
      await handle.sync();
    },
    close: () => handle.close(),
  };
}

/** Reads plaintext bytes [start, end] (inclusive) of a finished sealed file. */
export async function readSealedRange(path: string, key: Buffer, start: number, end: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(HEADER);
    await handle.read(header, 0, HEADER, 0);
    if (!header.subarray(0, 4).equals(MAGIC)) throw new Error('not a sealed file');
    const fileNonce = header.subarray(4, 16);
    const total = Number(header.readBigUInt64BE(16));
    const last = Math.min(end, total - 1);
    if (start > last) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    for (let index = Math.floor(start / CHUNK); index <= Math.floor(last / CHUNK); index++) {
      const plainLength = Math.min(CHUNK, total - index * CHUNK);
      const sealed = Buffer.alloc(plainLength + TAG);
      await handle.read(sealed, 0, sealed.length, HEADER + index * (CHUNK + TAG));
      const plain = openChunk(key, fileNonce, index, sealed);
      const from = index === Math.floor(start / CHUNK) ? start - index * CHUNK : 0;
      const to = index === Math.floor(last / CHUNK) ? last - index * CHUNK + 1 : plain.length;
      parts.push(plain.subarray(from, to));
    }
    return Buffer.concat(parts);
  } finally {
    await handle.close();
  }
}

export async function sealedPlainLength(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(HEADER);
    await handle.read(header, 0, HEADER, 0);
    return Number(header.readBigUInt64BE(16));
  } finally {
    await handle.close();
  }
}
