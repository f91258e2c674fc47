import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CourseDoc, CourseDraftDoc } from '../../../common/collections/index.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { MediaResponse } from './media-tickets.js';

/**
 * Course covers for the UI: cached on the device by their SHA-256 (so they show offline and
 * a new cover is a new file), fetched from the server the first time. A creator's cover is
 * in the cache as soon as it is chosen, before it is uploaded.
 */
export function createCovers(deps: {
  db: ClientDatabase;
  dataDir: string;
  fetchCover: (courseId: string) => Promise<Response>;
}) {
  const dir = join(deps.dataDir, 'covers');
  const fileOf = (sha256: string) => join(dir, sha256);

  async function coverOf(courseId: string): Promise<CourseDoc['cover'] | undefined> {
    const draft = (await deps.db.coursedrafts.findOne(courseId).exec())?.toJSON() as CourseDraftDoc | undefined;
    if (draft?.cover) return draft.cover;
    return ((await deps.db.courses.findOne(courseId).exec())?.toJSON() as CourseDoc | undefined)?.cover;
  }

  return {
    async adopt(sha256: string, path: string): Promise<void> {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await copyFile(path, fileOf(sha256));
    },
    /** Answers GET `covers/<courseId>`; the page adds `?v=<sha>` so a new cover is a new address. */
    async serve(courseId: string): Promise<MediaResponse> {
      const cover = await coverOf(courseId);
      if (!cover) return { status: 404, headers: {}, body: null };
      const headers = {
        'content-type': cover.mime,
        'cache-control': 'private, max-age=86400',
        'x-content-type-options': 'nosniff',
      };
      const cached = await readFile(fileOf(cover.sha256)).catch(() => null);
      if (cached) return { status: 200, headers, body: cached };
      const response = await deps.fetchCover(courseId).catch(() => null);
      if (!response?.ok) return { status: 404, headers: {}, body: null };
      const body = Buffer.from(await response.arrayBuffer());
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(fileOf(cover.sha256), body, { mode: 0o600 });
      return { status: 200, headers, body };
    },
  };
}

export type Covers = ReturnType<typeof createCovers>;
