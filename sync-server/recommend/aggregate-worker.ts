/**
 * Builds and compresses the recommendation snapshot off the server's event loop: at thousands
 * of courses and a million interactions this takes seconds, during which requests must still
 * be answered.
 */
import { parentPort } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { encodeAggregates } from '../../common/recommend/aggregate-format.js';
import { buildItemAggregates, type AggregateOptions } from '../../common/recommend/aggregates.js';
import type { Dataset } from '../../common/recommend/dataset.js';
import { trainItemFactors } from '../../common/recommend/item-factors.js';

export interface AggregateJob {
  data: Dataset;
  itemIds: string[];
  protections: AggregateOptions;
  builtAt: number;
}

export function buildSnapshot(job: AggregateJob): Uint8Array {
  return gzipSync(
    encodeAggregates({
      builtAt: job.builtAt,
      itemIds: job.itemIds,
      aggregates: buildItemAggregates(job.data, job.protections),
      factors: trainItemFactors(job.data, job.protections),
    }),
  );
}

parentPort?.on('message', (job: AggregateJob) => {
  try {
    const body = buildSnapshot(job);
    parentPort?.postMessage({ ok: true, body }, [body.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
