/**
 * The recommender's builder thread: computes the model of one snapshot (seconds at tens of
 * thousands of courses) at a lower priority than the app, then hands the encoded model back and
 * exits. The serving worker keeps answering from the previous model meanwhile; a newer snapshot
 * cancels a build by terminating this thread.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { decodeAggregates } from '../../../common/recommend/aggregate-format.js';
import { buildModel } from '../../../common/recommend/engine.js';
import { encodeModel } from '../../../common/recommend/model-format.js';
import type { BuilderInput, BuilderMessage } from './worker-protocol.js';

/** Nice value of the builder thread on Linux (0 is the app's, 19 the lowest). */
const BUILD_NICENESS = 10;

/**
 * Lowers this thread's priority where the system allows one thread's alone: on Linux a thread
 * has its own nice value, named by its thread id (/proc/thread-self). Elsewhere (macOS, Windows)
 * Node can only change the whole process's priority, which would slow the app too, so the build
 * runs at normal priority there. Answers the priority the thread runs at, or null when unknown.
 */
function lowerOwnPriority(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(threadId, BUILD_NICENESS);
    return getPriority(threadId);
  } catch (error) {
    console.warn(
      `The recommender's builder runs at normal priority: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}

function post(message: BuilderMessage, transfer: ArrayBuffer[] = []) {
  parentPort?.postMessage(message, transfer);
}

const input = workerData as BuilderInput;
try {
  const niceness = lowerOwnPriority();
  const started = performance.now();
  const snapshot = decodeAggregates(gunzipSync(input.snapshot));
  let reported = 0;
  const model = buildModel(snapshot, undefined, (fraction) => {
    if (fraction - reported < 0.02) return;
    reported = fraction;
    post({ kind: 'progress', fraction });
  });
  const bytes = encodeModel(model, input.digest);
  post({ kind: 'done', model: bytes, niceness, milliseconds: performance.now() - started }, [
    bytes.buffer as ArrayBuffer,
  ]);
} catch (error) {
  post({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
}
