import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/helpers.js';
import { CHUNK, openSealedWriter, readSealedRange } from './sealed-file.js';

const newDir = useTempDirs();

async function seal(path: string, key: Buffer, plain: Buffer, pieces = 7): Promise<void> {
  const writer = await openSealedWriter(path, key);
  for (let at = 0; at < plain.length; at += Math.ceil(plain.length / pieces))
    await writer.append(plain.subarray(at, at + Math.ceil(plain.length / pieces)));
  await writer.finish(plain.length);
  await writer.close();
}

describe('sealed files', () => {
  it('read back any range exactly, across chunk boundaries, for many files and keys', async () => {
    const dir = newDir();
    for (let n = 0; n < 25; n++) {
      const key = randomBytes(32);
      const plain = randomBytes(CHUNK * 2 + 1 + n * 997);
      const path = join(dir, `f${n}`);
      await seal(path, key, plain);
      for (const [start, end] of [
        [0, plain.length - 1],
        [CHUNK - 1, CHUNK],
        [CHUNK * 2, plain.length - 1],
        [5, 5],
        [0, plain.length + 100],
      ]) {
        expect((await readSealedRange(path, key, start!, end!)).equals(plain.subarray(start, end! + 1))).toBe(true);
      }
    }
  });

  it('refuse a tampered chunk and a wrong key', async () => {
    const dir = newDir();
    const key = randomBytes(32);
    const plain = randomBytes(CHUNK + 500);
    const path = join(dir, 'f');
    await seal(path, key, plain);
    await expect(readSealedRange(path, randomBytes(32), 0, 10)).rejects.toThrow();
    const bytes = readFileSync(path);
    bytes.writeUInt8(bytes.readUInt8(24 + 100) ^ 0x01, 24 + 100);
    writeFileSync(path, bytes);
    await expect(readSealedRange(path, key, 0, 10)).rejects.toThrow();
    // The untouched second chunk still reads.
    expect((await readSealedRange(path, key, CHUNK, CHUNK + 499)).equals(plain.subarray(CHUNK))).toBe(true);
  });

  it('keep whole chunks when a write is cut off, and continue from there', async () => {
    const dir = newDir();
    const key = randomBytes(32);
    const plain = randomBytes(CHUNK * 3 + 123);
    const path = join(dir, 'f');
    const first = await openSealedWriter(path, key);
    await first.append(plain.subarray(0, CHUNK * 2 + 5000));
    await first.close();
    const second = await openSealedWriter(path, key);
    expect(second.plainBytes).toBe(CHUNK * 2);
    await second.append(plain.subarray(CHUNK * 2));
    await second.finish(plain.length);
    await second.close();
    expect((await readSealedRange(path, key, 0, plain.length - 1)).equals(plain)).toBe(true);
  });

  it('keep the partial chunk of an interruption in a tail, each time under a fresh nonce, and continue after it', async () => {
    const dir = newDir();
    const key = randomBytes(32);
    const plain = randomBytes(CHUNK + 40_000);
    const path = join(dir, 'f');
    // Cut at 30,000 bytes: no whole chunk yet.
    const first = await openSealedWriter(path, key);
    await first.append(plain.subarray(0, 30_000));
    await first.keepTail();
    await first.keepTail();
    const tailOnce = readFileSync(`${path}.tail`);
    await first.keepTail();
    expect(readFileSync(`${path}.tail`).subarray(0, 12).equals(tailOnce.subarray(0, 12))).toBe(false);
    await first.close();
    // The tail holds no plaintext.
    expect(readFileSync(`${path}.tail`).includes(plain.subarray(1000, 1032))).toBe(false);

    const second = await openSealedWriter(path, key);
    expect(second.plainBytes).toBe(30_000);
    await second.append(plain.subarray(30_000, 90_000));
    await second.keepTail();
    await second.close();
    const third = await openSealedWriter(path, key);
    expect(third.plainBytes).toBe(90_000);
    await third.append(plain.subarray(90_000));
    await third.finish(plain.length);
    await third.close();
    expect((await readSealedRange(path, key, 0, plain.length - 1)).equals(plain)).toBe(true);
  });

  it('ignore a tail that was changed or belongs to another file: those bytes are fetched again', async () => {
    const dir = newDir();
    const key = randomBytes(32);
    const path = join(dir, 'f');
    const writer = await openSealedWriter(path, key);
    await writer.append(randomBytes(CHUNK + 500));
    await writer.keepTail();
    await writer.close();
    const tail = readFileSync(`${path}.tail`);
    tail.writeUInt8(tail.readUInt8(20) ^ 0x01, 20);
    writeFileSync(`${path}.tail`, tail);
    expect((await openSealedWriter(path, key)).plainBytes).toBe(CHUNK);

    const other = join(dir, 'g');
    const otherWriter = await openSealedWriter(other, key);
    await otherWriter.append(randomBytes(CHUNK + 700));
    await otherWriter.keepTail();
    await otherWriter.close();
    writeFileSync(`${path}.tail`, readFileSync(`${other}.tail`));
    expect((await openSealedWriter(path, key)).plainBytes).toBe(CHUNK);
  });
});
