import { createHash } from 'node:crypto';
import { packKeysResponseSchema, packSignResponseSchema } from '../../../common/server-api/responses.js';
import type { ServerApi } from '../server-api.js';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BehaviorSubject, type Observable } from 'rxjs';
import type { DownloadItem } from '../../../common/contract/downloads.js';
import type { PackStatus } from '../../../common/contract/packs.js';
import {
  PACK_FOLDER,
  PACK_MANIFEST,
  packManifestSchema,
  packSignedText,
  signedPackManifestSchema,
  type PackEntry,
  type PackManifest,
} from '../../../common/content-pack.js';
import { AppError } from '../../../common/errors.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { DownloadManager } from '../downloads/download-manager.js';
import { openSealedWriter, readSealedRange, sealedPlainLength } from '../downloads/sealed-file.js';
import { signedTextWithKey, splitSignature } from '../../../common/entitlement-payload.js';
import type { Logger } from '../logging/core-logger.js';
import type { ServerKeys } from '../server-keys.js';

const READ = 1024 * 1024;
const markerId = (lessonId: string) => `pack:${lessonId}`;
const fileNameOf = (lessonId: string) =>
  `${createHash('sha256').update(`pack:${lessonId}`).digest('hex').slice(0, 32)}.zkp`;

interface Imported {
  lessonId: string;
  courseId: string;
  file: string;
  plainSha256: string;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Content packs on the device. Export: the lessons of chosen courses (downloaded first where
 * needed), each re-encrypted with its pack key from the server, written to `<folder>/zhiku-pack/`
 * with a manifest the server signs. Import: the manifest's signature and every file's hash are
 * checked, the encrypted files are copied into the data folder (resumable: verified files are
 * not copied again), and the lessons the signed-in learner may read are unlocked with their
 * keys — a few bytes from the server instead of the content. The others wait, still encrypted.
 */
export function createContentPacks(deps: {
  log?: Logger;
  db: ClientDatabase;
  downloads: DownloadManager;
  dataDir: string;
  serverUrl: () => string;
  /** A signed-in JSON POST to the server. */
  post: ServerApi['call'];
  /** The server's public key (pinned on the device after the first fetch). */
  /** The servers' signing keys pinned on this device. */
  keys: ServerKeys;
  now: () => number;
}) {
  const store = join(deps.dataDir, 'packs');
  const status$ = new BehaviorSubject<PackStatus>({ operation: 'idle', done: 0, total: 0, waiting: 0 });
  const progress = (patch: Partial<PackStatus>) => status$.next({ ...status$.value, ...patch });
  let busy = false;
  async function exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (busy) throw new AppError('CONFLICT', 'A content pack is being exported or imported; wait for it to finish.');
    busy = true;
    try {
      return await work();
    } catch (error) {
      progress({ operation: 'idle', message: error instanceof Error ? error.message : String(error), failed: true });
      throw error;
    } finally {
      busy = false;
    }
  }

  async function keysFor(
    lessonIds: string[],
  ): Promise<{ keys: Record<string, { key: string; sha256: string }>; refused: string[] }> {
    return deps.post('/v1/content/pack-keys', { lessonIds }, packKeysResponseSchema);
  }

  async function exportPack(input: {
    courseIds: string[];
    folder: string;
  }): Promise<{ folder: string; lessons: number; bytes: number }> {
    return exclusive(async () => {
      const lessons = (await deps.db.lessons.find({ selector: { courseId: { $in: input.courseIds } } }).exec()).map(
        (d) => d.toJSON(),
      );
      const missing = input.courseIds.filter((id) => !lessons.some((l) => l.courseId === id));
      if (missing.length > 0)
        throw new AppError(
          'NOT_FOUND',
          `Only courses you own can be exported, once their lessons have synced to this device (not: ${missing.slice(0, 5).join(', ')}).`,
        );
      const { keys, refused } = await keysFor(lessons.map((l) => l.id));
      if (refused.length > 0)
        throw new AppError(
          'UNAUTHORIZED',
          `Only courses you own can be exported (not: ${refused.slice(0, 5).join(', ')}).`,
        );
      const folder = join(input.folder, PACK_FOLDER);
      mkdirSync(folder, { recursive: true });
      progress({ operation: 'exporting', done: 0, total: lessons.length, message: undefined, failed: false, folder });
      const entries: PackEntry[] = [];
      let bytes = 0;
      for (const [index, lesson] of lessons.entries()) {
        // Lessons not downloaded yet are downloaded first (this machine is online to export).
        await deps.downloads.download(lesson.id);
        const file = fileNameOf(lesson.id);
        const path = join(folder, file);
        rmSync(path, { force: true });
        const writer = await openSealedWriter(path, Buffer.from(keys[lesson.id]!.key, 'base64url'));
        try {
          for (let start = 0; start < lesson.contentBytes; start += READ)
            await writer.append(
              await deps.downloads.read(lesson.id, start, Math.min(lesson.contentBytes, start + READ) - 1),
            );
          await writer.finish(lesson.contentBytes);
        } finally {
          await writer.close();
        }
        const packedBytes = statSync(path).size;
        bytes += packedBytes;
        entries.push({
          lessonId: lesson.id,
          courseId: lesson.courseId,
          file,
          plainBytes: lesson.contentBytes,
          plainSha256: lesson.contentSha256,
          packedBytes,
          packedSha256: await sha256Of(path),
        });
        progress({ done: index + 1 });
      }
      const manifest: PackManifest = {
        format: 'zhiku-pack',
        version: 1,
        createdAt: deps.now(),
        serverUrl: deps.serverUrl(),
        courseIds: input.courseIds,
        lessons: entries,
      };
      const signed = await deps.post('/v1/content/packs/sign', { manifest }, packSignResponseSchema);
      // The manifest is written last, whole: a pack without one is an unfinished export.
      writeFileSync(join(folder, `${PACK_MANIFEST}.tmp`), JSON.stringify(signed, null, 1));
      renameSync(join(folder, `${PACK_MANIFEST}.tmp`), join(folder, PACK_MANIFEST));
      progress({ operation: 'idle', message: undefined, lastExport: { lessons: entries.length, bytes, folder } });
      return { folder, lessons: entries.length, bytes };
    });
  }

  /** Reads and checks a pack's manifest: the server's signature over it, and that it is for this server. */
  async function readManifest(folder: string): Promise<{ manifest: PackManifest; root: string }> {
    const root = basename(folder) === PACK_FOLDER ? folder : join(folder, PACK_FOLDER);
    const file = join(root, PACK_MANIFEST);
    if (!existsSync(file))
      throw new AppError('NOT_FOUND', `No content pack in ${folder} (expected ${join(PACK_FOLDER, PACK_MANIFEST)}).`);
    let signed: { manifest: unknown; signature: string };
    let manifest: PackManifest;
    try {
      signed = signedPackManifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      manifest = packManifestSchema.parse(signed.manifest);
    } catch {
      throw new AppError('INVALID_INPUT', `${file} is not a content pack manifest.`);
    }
    const { keyId } = splitSignature(signed.signature);
    if (deps.keys.pinned(deps.serverUrl(), keyId) === undefined && !(await deps.keys.refresh(deps.serverUrl()))) {
      throw new AppError(
        'SERVER_UNREACHABLE',
        'The server cannot be reached to check the pack’s signature; connect once and try again.',
      );
    }
    const valid = await deps.keys.verify(
      deps.serverUrl(),
      signed.signature,
      (id) => signedTextWithKey(packSignedText(signed.manifest), id),
      { offline: true },
    );
    if (!valid)
      throw new AppError(
        'INVALID_INPUT',
        `The pack's manifest was changed after the server signed it; nothing was imported.`,
      );
    if (new URL(manifest.serverUrl).origin !== new URL(deps.serverUrl()).origin)
      throw new AppError('INVALID_INPUT', `This pack was made for ${manifest.serverUrl}, not this app's server.`);
    return { manifest, root };
  }

  async function importPack(input: { folder: string }): Promise<{ lessons: number; ready: number; waiting: number }> {
    const result = await exclusive(async () => {
      const { manifest, root } = await readManifest(input.folder);
      mkdirSync(store, { recursive: true, mode: 0o700 });
      progress({
        operation: 'importing',
        done: 0,
        total: manifest.lessons.length,
        message: undefined,
        failed: false,
        folder: root,
      });
      for (const [index, entry] of manifest.lessons.entries()) {
        const target = join(store, entry.file);
        const marker = (await deps.db.localstate.findOne(markerId(entry.lessonId)).exec())?.value as
          (Imported & { packedSha256?: string }) | undefined;
        const alreadyHere =
          marker?.plainSha256 === entry.plainSha256 &&
          existsSync(target) &&
          statSync(target).size === entry.packedBytes;
        const installed =
          ((await deps.db.localstate.findOne(`download:${entry.lessonId}`).exec())?.value as DownloadItem | undefined)
            ?.status === 'complete';
        if (!alreadyHere && !installed) {
          const source = join(root, entry.file);
          if (!existsSync(source))
            throw new AppError('NOT_FOUND', `The pack is missing ${entry.file}; copy the whole ${PACK_FOLDER} folder.`);
          // Every file is checked before it is taken: a changed or damaged one is refused.
          if (statSync(source).size !== entry.packedBytes || (await sha256Of(source)) !== entry.packedSha256) {
            throw new AppError(
              'INVALID_INPUT',
              `${entry.file} in the pack does not match its manifest (changed or damaged); it was not imported.`,
            );
          }
          await copyFile(source, `${target}.tmp`);
          renameSync(`${target}.tmp`, target);
          await deps.db.localstate.upsert({
            id: markerId(entry.lessonId),
            value: {
              lessonId: entry.lessonId,
              courseId: entry.courseId,
              file: entry.file,
              plainSha256: entry.plainSha256,
            } satisfies Imported,
            updatedAt: deps.now(),
          });
        }
        progress({ done: index + 1 });
      }
      return manifest.lessons.map((entry) => entry.lessonId);
    });
    // The import stands; lessons stay locked until the next unlock (after every sync).
    await unlock().catch((error: unknown) =>
      deps.log?.warn('unlocking imported lessons failed; the next sync tries again', { error }),
    );
    // What the learner can open now, of this pack's lessons; the rest wait (encrypted) for access.
    let ready = 0;
    for (const lessonId of result) {
      if (
        ((await deps.db.localstate.findOne(`download:${lessonId}`).exec())?.value as DownloadItem | undefined)
          ?.status === 'complete'
      )
        ready++;
    }
    const summary = { lessons: result.length, ready, waiting: result.length - ready };
    progress({ operation: 'idle', lastImport: summary });
    return summary;
  }

  /**
   * Turns imported lessons the learner may read into ordinary downloads: their keys come from the
   * server (online, tiny); the content is decrypted from the pack copy and sealed with this
   * device's key. Run after an import and after every sync.
   */
  let chain: Promise<unknown> = Promise.resolve();
  /** One unlock at a time (after imports and syncs alike): each sees what the previous one left. */
  function unlock(): Promise<{ unlocked: number; waiting: number }> {
    const run = chain.then(unlockOnce);
    // Only the order matters here: each caller gets (and reports) its own run's failure.
    chain = run.catch(() => undefined);
    return run;
  }

  async function unlockOnce(): Promise<{ unlocked: number; waiting: number }> {
    const markers = (await deps.db.localstate.find({ selector: { id: { $regex: '^pack:' } } }).exec()).map(
      (d) => d.value as Imported,
    );
    if (markers.length === 0) return { unlocked: 0, waiting: 0 };
    // Every imported lesson is asked for: the server answers the keys of those the learner may
    // read (a course held, a free preview), whether or not the device has the lesson's course.
    const ready = markers;
    let unlocked = 0;
    if (ready.length > 0) {
      const { keys } = await keysFor(ready.map((m) => m.lessonId));
      for (const marker of ready) {
        const key = keys[marker.lessonId];
        if (!key || key.sha256 !== marker.plainSha256) continue;
        const path = join(store, marker.file);
        const packKey = Buffer.from(key.key, 'base64url');
        const length = await sealedPlainLength(path);
        async function* plain() {
          for (let start = 0; start < length; start += READ)
            yield await readSealedRange(path, packKey, start, Math.min(length, start + READ) - 1);
        }
        try {
          await deps.downloads.install(marker.lessonId, plain());
        } catch (error) {
          // One lesson that cannot be unlocked does not hold up the others; it is tried again later.
          progress({ message: `${marker.lessonId}: ${error instanceof Error ? error.message : String(error)}` });
          continue;
        }
        rmSync(path, { force: true });
        await (await deps.db.localstate.findOne(markerId(marker.lessonId)).exec())?.remove();
        unlocked++;
      }
    }
    const waiting = markers.length - unlocked;
    progress({ waiting });
    return { unlocked, waiting };
  }

  return {
    status$: status$ as Observable<PackStatus>,
    exportPack,
    importPack,
    unlock,
  };
}

export type ContentPacks = ReturnType<typeof createContentPacks>;
