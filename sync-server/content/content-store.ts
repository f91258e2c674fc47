import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Lesson bodies on disk, addressed by their SHA-256 (`objects/ab/abcd…`), plus the partial
 * files of uploads in progress. Several servers on one PostgreSQL point this at shared storage.
 */
export interface ContentStore {
  objectPath(sha256: string): string;
  uploadPath(uploadId: string): string;
  /** Moves a finished upload into place (or drops it if that content is already stored). */
  adopt(tempPath: string, sha256: string): Promise<void>;
  importFile(sourcePath: string, sha256: string): Promise<void>;
  removeUpload(uploadId: string): Promise<void>;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function createContentStore(root: string): Promise<ContentStore> {
  await mkdir(join(root, 'objects'), { recursive: true, mode: 0o700 });
  await mkdir(join(root, 'uploads'), { recursive: true, mode: 0o700 });
  const objectPath = (sha256: string) => join(root, 'objects', sha256.slice(0, 2), sha256);
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  return {
    objectPath,
    uploadPath: (uploadId) => join(root, 'uploads', uploadId),
    async adopt(tempPath, sha256) {
      const target = objectPath(sha256);
      if (await exists(target)) return rm(tempPath, { force: true });
      await mkdir(join(root, 'objects', sha256.slice(0, 2)), { recursive: true });
      await rename(tempPath, target);
    },
    async importFile(sourcePath, sha256) {
      const target = objectPath(sha256);
      if (await exists(target)) return;
      await mkdir(join(root, 'objects', sha256.slice(0, 2)), { recursive: true });
      await copyFile(sourcePath, `${target}.partial`);
      await rename(`${target}.partial`, target);
    },
    removeUpload: (uploadId) => rm(join(root, 'uploads', uploadId), { force: true }),
  };
}
