import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BuilderInput, BuilderMessage, WorkerReply, WorkerRequests } from './worker-protocol.js';

export interface RecommenderWorker {
  request<K extends keyof WorkerRequests>(
    kind: K,
    input: WorkerRequests[K]['input'],
  ): Promise<WorkerRequests[K]['output']>;
  close(): Promise<void>;
}

/**
 * Where the worker's code is: the built `recommend-worker.js` next to the host's entry (passed
 * in by the host), else this source tree's TypeScript, run through tsx (development and tests).
 */
function defaultEntry(name: 'recommend-worker' | 'model-builder'): { url: URL; execArgv?: string[] } {
  const built = new URL(`./${name}.js`, import.meta.url);
  if (existsSync(fileURLToPath(built))) return { url: built };
  return { url: new URL(`./${name}.ts`, import.meta.url), execArgv: ['--import', 'tsx'] };
}

/**
 * A worker thread started on first use, answering requests in order. A crashed worker fails
 * what it had in hand and is started again by the next request.
 */
export function createRecommenderWorker(entry?: URL): RecommenderWorker {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  function failAll(error: Error) {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  }
  function started(): Worker {
    if (worker) return worker;
    const { url, execArgv } = entry ? { url: entry, execArgv: undefined } : defaultEntry('recommend-worker');
    const created = new Worker(url, execArgv ? { execArgv } : {});
    created.unref();
    created.on('message', (reply: WorkerReply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) created.unref();
      if (!waiting) return;
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.error));
    });
    created.on('error', (error) => failAll(error));
    created.on('exit', (code) => {
      if (worker === created) worker = undefined;
      failAll(new Error(`The recommender stopped (exit ${code}).`));
    });
    worker = created;
    return created;
  }
  return {
    request(kind, input) {
      const id = nextId++;
      const target = started();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        // Waiting for an answer keeps the process alive; an idle worker does not.
        target.ref();
        target.postMessage({ id, kind, input });
      });
    },
    async close() {
      const current = worker;
      worker = undefined;
      if (current) await current.terminate();
    },
  };
}

/** The built worker next to a host entry (out/main/), or undefined when running from sources. */
export function workerNextTo(entryUrl: string): URL | undefined {
  const url = new URL('./recommend-worker.js', entryUrl);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

export interface ModelBuild {
  /** The encoded model, the builder thread's priority (null where it could not be lowered) and its time. */
  done: Promise<{ model: Uint8Array; niceness: number | null; milliseconds: number }>;
  /** Stops the build at once (its thread is terminated); `done` then rejects with a ModelBuildCancelled. */
  cancel(): void;
}

export class ModelBuildCancelled extends Error {
  constructor() {
    super('The recommender build was cancelled: a newer snapshot arrived.');
  }
}

/**
 * Builds the model of one snapshot in a thread of its own (model-builder.ts), next to the
 * serving worker (`workerEntry`, when the host passes the built one) or from this source tree.
 */
export function buildModelInThread(
  input: BuilderInput,
  options: { workerEntry?: URL; onProgress?: (fraction: number) => void } = {},
): ModelBuild {
  const { url, execArgv } = options.workerEntry
    ? { url: new URL('./model-builder.js', options.workerEntry), execArgv: undefined }
    : defaultEntry('model-builder');
  const thread = new Worker(url, { workerData: input, ...(execArgv ? { execArgv } : {}) });
  let cancelled = false;
  const done = new Promise<{ model: Uint8Array; niceness: number | null; milliseconds: number }>((resolve, reject) => {
    thread.on('message', (message: BuilderMessage) => {
      if (message.kind === 'progress') options.onProgress?.(message.fraction);
      else if (message.kind === 'failed') reject(new Error(message.error));
      else resolve({ model: message.model, niceness: message.niceness, milliseconds: message.milliseconds });
    });
    thread.on('error', reject);
    thread.on('exit', (code) =>
      reject(cancelled ? new ModelBuildCancelled() : new Error(`The recommender build stopped (exit ${code}).`)),
    );
  });
  return {
    done,
    cancel() {
      cancelled = true;
      void thread.terminate();
    },
  };
}
