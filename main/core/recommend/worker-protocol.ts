import type { AlsoTaken, OwnCourse, Suggestion } from '../../../common/recommend/engine.js';

/** What the core asks the recommender worker, and what each request answers. */
export interface WorkerRequests {
  /**
   * Loads a gzip-compressed snapshot (as the server publishes it) with the model the builder
   * thread computed from it (model-builder.ts); requests are answered from it from then on.
   */
  load: {
    input: { snapshot: Uint8Array; model: Uint8Array; digest: string };
    output: { courseIds: string[]; builtAt: number; milliseconds: number };
  };
  forYou: { input: { own: OwnCourse[]; count: number; exclude: string[] }; output: Suggestion[] };
  alsoTook: { input: { courseId: string; count: number; exclude: string[] }; output: AlsoTaken[] };
  predictStars: { input: { own: OwnCourse[]; courseIds: string[] }; output: (number | null)[] };
}

export type WorkerRequest = {
  [K in keyof WorkerRequests]: { id: number; kind: K; input: WorkerRequests[K]['input'] };
}[keyof WorkerRequests];
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** What the builder thread is given: the snapshot's compressed bytes and their digest. */
export interface BuilderInput {
  snapshot: Uint8Array;
  digest: string;
}
/** What the builder thread says: progress (0–1), then the encoded model or why it failed. */
export type BuilderMessage =
  | { kind: 'progress'; fraction: number }
  | { kind: 'done'; model: Uint8Array; niceness: number | null; milliseconds: number }
  | { kind: 'failed'; error: string };
