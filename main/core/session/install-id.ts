import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A random id made once per install; the server registers the device under it. */
export function installId(dataDir: string): string {
  const file = join(dataDir, 'install-id');
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{16,64}$/.test(id)) return id;
  }
  const id = randomBytes(18).toString('base64url');
  writeFileSync(file, id, { mode: 0o600 });
  return id;
}
