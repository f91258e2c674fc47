import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecommenderStatus } from '../../../common/contract/recommendations.js';
import { readModelHeader } from '../../../common/recommend/model-format.js';
import {
  buildModelInThread,
  ModelBuildCancelled,
  type ModelBuild,
  type RecommenderWorker,
} from './recommender-worker.js';

export interface SnapshotKeeperOptions {
  /** `<data>/recommend`: the snapshot, its ETag and the model built from it. */
  folder: string;
  worker: RecommenderWorker;
  workerEntry?: URL;
  /** GET the server's snapshot: 200 with bytes and ETag, 304 when `etag` is still current, null when unreachable. */
  fetchSnapshot(
    etag: string | undefined,
  ): Promise<{ status: 200; body: Uint8Array; etag: string } | { status: 304 } | null>;
  hasModel(): boolean;
  onStatus(change: Partial<RecommenderStatus>): void;
  onModel(known: ReadonlySet<string>, ready: Partial<RecommenderStatus>): void;
}

/**
 * The recommender's data on this device: the server's snapshot (fetched with its ETag, kept for
 * offline use) and the model built from it. Every file is written aside and renamed, so a crash
 * never leaves half of one. The model is built in the builder thread — at most one at a time, a
 * newer snapshot cancelling an older build — and kept by the snapshot's digest, so that a restart
 * with nothing changed loads it instead of computing it again.
 */
export function keepSnapshots(options: SnapshotKeeperOptions) {
  const { folder, worker } = options;
  const snapshotFile = join(folder, 'snapshot.bin');
  const etagFile = join(folder, 'snapshot.etag');
  const modelFile = join(folder, 'model.bin');
  const writeAtomically = (file: string, bytes: Uint8Array | string) => {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(`${file}.tmp`, bytes);
    renameSync(`${file}.tmp`, file);
  };

  let building: ModelBuild | undefined;
  async function modelFor(bytes: Uint8Array, digest: string, useDisk: boolean): Promise<Uint8Array> {
    building?.cancel();
    const onDisk = useDisk && existsSync(modelFile) ? readFileSync(modelFile) : undefined;
    if (onDisk && readModelHeader(onDisk)?.snapshot === digest) return onDisk;
    options.onStatus({ state: 'building', progress: 0 });
    const build = buildModelInThread(
      { snapshot: bytes, digest },
      {
        workerEntry: options.workerEntry,
        onProgress: (progress) => {
          if (building === build) options.onStatus({ state: 'building', progress });
        },
      },
    );
    building = build;
    try {
      const { model } = await build.done;
      writeAtomically(modelFile, model);
      return model;
    } finally {
      if (building === build) building = undefined;
    }
  }

  /** The serving worker loads the snapshot with its model; a model file it refuses (damaged) is built anew once. */
  async function loadInWorker(bytes: Uint8Array, digest: string) {
    const model = await modelFor(bytes, digest, true);
    try {
      return await worker.request('load', { snapshot: bytes, model, digest });
    } catch (error) {
      if (!(error instanceof Error && /recommender model/.test(error.message))) throw error;
      console.warn(`The recommender's model file was refused (${error.message}); building it again.`);
      return worker.request('load', { snapshot: bytes, model: await modelFor(bytes, digest, false), digest });
    }
  }

  async function load(bytes: Uint8Array): Promise<void> {
    const digest = createHash('sha256').update(bytes).digest('hex');
    try {
      const built = await loadInWorker(bytes, digest);
      options.onModel(new Set(built.courseIds), {
        state: 'ready',
        courses: built.courseIds.length,
        snapshotBuiltAt: built.builtAt,
        progress: undefined,
        message: undefined,
      });
    } catch (error) {
      // A cancelled build was overtaken by a newer snapshot, whose load reports instead.
      if (error instanceof ModelBuildCancelled) return;
      options.onStatus({
        state: options.hasModel() ? 'ready' : 'failed',
        progress: undefined,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async function refreshOnce(): Promise<void> {
    const etag = existsSync(etagFile) ? readFileSync(etagFile, 'utf8') : undefined;
    const answer = await options.fetchSnapshot(etag).catch((error: unknown) => {
      // Offline or the server away: the snapshot on disk stays in use.
      console.warn(`Recommendation snapshot not fetched: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
    // Not awaited: a build takes seconds, and a newer snapshot fetched meanwhile cancels it.
    if (answer?.status === 200) {
      writeAtomically(snapshotFile, answer.body);
      writeAtomically(etagFile, answer.etag);
      void load(answer.body);
    } else if (!options.hasModel() && !building && existsSync(snapshotFile)) {
      void load(readFileSync(snapshotFile));
    }
  }

  let refreshing: Promise<void> | undefined;
  let again = false;
  /**
   * Looks for a newer snapshot and starts loading it; keeps and uses the one on disk when the
   * server has none or is away. A request while one is under way runs once more after it (the
   * server may have changed). Resolves once the snapshot is fetched, before its model is ready.
   */
  function refresh(): Promise<void> {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        again = false;
        await refreshOnce();
      } while (again);
    })().finally(() => (refreshing = undefined));
    return refreshing;
  }

  if (existsSync(snapshotFile)) void load(readFileSync(snapshotFile));
  return {
    refresh,
    /** Stops a build under way (closing the app). */
    stop() {
      building?.cancel();
    },
  };
}
