import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildModelInThread, type RecommenderWorker } from '../../main/core/recommend/recommender-worker.ts';

/**
 * The process's peak resident memory while `work` runs, above its start: on Linux the kernel's
 * high-water mark, reset first (/proc/self/clear_refs 5, read back as VmHWM), so nothing before
 * counts and no spike between samples is missed; elsewhere sampled every 20 ms.
 */
export async function peakDuring<T>(work: () => Promise<T>): Promise<{ value: T; peakBytes: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const resettable = existsSync('/proc/self/clear_refs');
  if (resettable) writeFileSync('/proc/self/clear_refs', '5');
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    if (resettable) {
      const highWater = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
      if (highWater) peak = Math.max(peak, Number(highWater) * 1024);
    }
    return { value, peakBytes: peak - start };
  } finally {
    clearInterval(timer);
  }
}

export interface DeviceBuild {
  /** The builder thread's build (decode, neighbourhood EASE, similarity lists, encode). */
  buildSeconds: number;
  /** The serving worker loading the snapshot and the built model (what a restart costs). */
  loadSeconds: number;
  /** Resident memory above the start while both ran (the threads share the process). */
  peakBytes: number;
  modelBytes: number;
  courses: number;
  niceness: number | null;
}

/** What a device does with a new snapshot, timed: build in the builder thread, then load into the serving worker. */
export async function buildOnDevice(worker: RecommenderWorker, snapshot: Uint8Array): Promise<DeviceBuild> {
  const digest = createHash('sha256').update(snapshot).digest('hex');
  const { value, peakBytes } = await peakDuring(async () => {
    let started = performance.now();
    const built = await buildModelInThread({ snapshot, digest }).done;
    const buildSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const loaded = await worker.request('load', { snapshot, model: built.model, digest });
    return { built, loaded, buildSeconds, loadSeconds: (performance.now() - started) / 1000 };
  });
  return {
    buildSeconds: value.buildSeconds,
    loadSeconds: value.loadSeconds,
    peakBytes,
    modelBytes: value.built.model.byteLength,
    courses: value.loaded.courseIds.length,
    niceness: value.built.niceness,
  };
}
