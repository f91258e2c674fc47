/**
 * The recommender's serving thread: loads a synced snapshot with the model the builder thread
 * computed from it, and answers requests (milliseconds each) off the core's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { decodeAggregates } from '../../../common/recommend/aggregate-format.js';
import { engineFrom, type Engine } from '../../../common/recommend/engine.js';
import { decodeModel } from '../../../common/recommend/model-format.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

let engine: Engine | undefined;

function handle(request: WorkerRequest): unknown {
  if (request.kind === 'load') {
    const started = performance.now();
    const snapshot = decodeAggregates(gunzipSync(request.input.snapshot));
    const model = decodeModel(request.input.model, request.input.digest, snapshot.aggregates.items);
    if (!model) throw new Error('The recommender model was built from another snapshot.');
    engine = engineFrom(snapshot, model);
    // Courses below the minimum support are in the snapshot but unknown to the model.
    const courseIds = snapshot.itemIds.filter((_, i) => snapshot.aggregates.count[i]! > 0);
    return { courseIds, builtAt: engine.builtAt, milliseconds: performance.now() - started };
  }
  if (!engine) throw new Error('No recommendation snapshot is loaded yet.');
  switch (request.kind) {
    case 'forYou':
      return engine.forYou(request.input.own, request.input.count, new Set(request.input.exclude));
    case 'alsoTook':
      return engine.alsoTook(request.input.courseId, request.input.count, new Set(request.input.exclude));
    case 'predictStars':
      return engine.predictStars(request.input.own, request.input.courseIds);
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, value: handle(request) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
