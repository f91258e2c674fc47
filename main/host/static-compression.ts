import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.map', '.txt', '.wasm']);
/** Smaller files gain nothing worth the work. */
const MIN_BYTES = 1024;
const cache = new Map<string, Promise<Buffer>>();

/**
 * A static file compressed for a client that accepts it (Brotli first, then gzip), or
 * null to send it as it is. Each file is compressed once per version (size and mtime)
 * and kept in memory: the built renderer is a few megabytes at most.
 */
export async function compressedStatic(
  filePath: string,
  info: { size: number; mtimeMs: number },
  acceptEncoding: string | undefined,
): Promise<{ encoding: 'br' | 'gzip'; body: Buffer } | null> {
  if (info.size < MIN_BYTES || !COMPRESSIBLE.has(extname(filePath).toLowerCase())) return null;
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
    .map(([name]) => name!.trim().toLowerCase());
  const encoding = accepted.includes('br') ? 'br' : accepted.includes('gzip') ? 'gzip' : null;
  if (!encoding) return null;
  const key = `${encoding}\u0000${filePath}\u0000${info.size}\u0000${info.mtimeMs}`;
  let body = cache.get(key);
  if (!body) {
    body = readFile(filePath).then((raw) =>
      encoding === 'br'
        ? brotli(raw, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
          })
        : gzipAsync(raw, { level: 9 }),
    );
    cache.set(key, body);
    body.catch(() => cache.delete(key));
  }
  return { encoding, body: await body };
}
