/**
 * One model's build cost on the whole data set, alone in this process (spawned by
 * recommend-bench.ts): wall time and the peak resident memory above the start of the build
 * (the process's high-water mark — reset before the build on Linux — which sampling could miss).
 * Prints one JSON line.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadData, RATING_MODELS, rankingModels } from './recommend-models.ts';

const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    model: { type: 'string' },
    data: { type: 'string' },
    format: { type: 'string', default: '' },
    shape: { type: 'string', default: '' },
  },
});
const { data } = loadData(values);
const models = values.kind === 'rating' ? RATING_MODELS : rankingModels(data.items);
const train = models[values.model ?? ''];
if (!train) throw new Error(`No ${values.kind} model named ${values.model}.`);
(globalThis as { gc?: () => void }).gc?.();
// On Linux the high-water mark can be reset (clear_refs 5) and read back (VmHWM), so loading the
// data does not count; elsewhere the process's lifetime peak is the best there is.
const resettable = existsSync('/proc/self/clear_refs');
if (resettable) writeFileSync('/proc/self/clear_refs', '5');
const before = process.memoryUsage().rss;
const started = performance.now();
train(data);
const seconds = (performance.now() - started) / 1000;
const highWater = resettable
  ? Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024
  : process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ seconds, peakMiB: Math.max(0, highWater - before) / 2 ** 20 }));
