import type { AlsoTaken, OwnCourse, Suggestion } from '../../../common/recommend/engine.js';

/** What the core asks the recommender worker, and what each request answers. */
export interface WorkerRequests {
  /** Builds the engine from a gzip-compressed snapshot (as the server publishes it). */
  load: { input: { snapshot: Uint8Array }; output: { courseIds: string[]; builtAt: number; milliseconds: number } };
  forYou: { input: { own: OwnCourse[]; count: number; exclude: string[] }; output: Suggestion[] };
  alsoTook: { input: { courseId: string; count: number; exclude: string[] }; output: AlsoTaken[] };
  predictStars: { input: { own: OwnCourse[]; courseIds: string[] }; output: (number | null)[] };
}

export type WorkerRequest = {
  [K in keyof WorkerRequests]: { id: number; kind: K; input: WorkerRequests[K]['input'] };
}[keyof WorkerRequests];
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
