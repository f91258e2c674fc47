import type { ItemAggregates } from './aggregates.js';
import type { ItemFactors } from './item-factors.js';

/**
 * The wire format of the published aggregates (before compression): a JSON header (format,
 * version, when, item ids, global figures) and the per-item arrays in CSR form, little-endian.
 * It holds item-level figures only; the header names items (course ids), never learners.
 * Version 2 adds the item factors for predicted stars (their settings in the header, the arrays
 * after the pairs); version 1 snapshots (no factors) are still read.
 */
export interface AggregateSnapshot {
  builtAt: number;
  itemIds: string[];
  aggregates: ItemAggregates;
  factors?: ItemFactors;
}

const MAGIC = 'zhiku-aggregates';
const VERSION = 2;

export function encodeAggregates(snapshot: AggregateSnapshot): Uint8Array {
  const { aggregates } = snapshot;
  const n = aggregates.items;
  const header = new TextEncoder().encode(
    JSON.stringify({
      format: MAGIC,
      version: VERSION,
      builtAt: snapshot.builtAt,
      itemIds: snapshot.itemIds,
      learners: aggregates.learners,
      minSupport: aggregates.minSupport ?? 1,
      mean: aggregates.mean,
      factors: snapshot.factors
        ? {
            factors: snapshot.factors.factors,
            mean: snapshot.factors.mean,
            foldIn: snapshot.factors.foldIn,
            blend: snapshot.factors.blend,
          }
        : null,
    }),
  );
  const { neighbours } = aggregates;
  const pairs = neighbours.start[n]!;
  const headerBytes = 4 + header.length + ((8 - ((4 + header.length) % 8)) % 8);
  const factorValues = snapshot.factors ? n * (1 + 2 * snapshot.factors.factors) : 0;
  const bytes = new Uint8Array(headerBytes + n * 24 + (n + 1) * 4 + pairs * 12 + factorValues * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, header.length, true);
  bytes.set(header, 4);
  let at = headerBytes;
  for (let i = 0; i < n; i++, at += 8) view.setFloat64(at, aggregates.count[i]!, true);
  for (let i = 0; i < n; i++, at += 8) view.setFloat64(at, aggregates.offset[i]!, true);
  for (let i = 0; i < n; i++, at += 8) view.setFloat64(at, aggregates.bound[i]!, true);
  for (let i = 0; i <= n; i++, at += 4) view.setUint32(at, neighbours.start[i]!, true);
  for (let p = 0; p < pairs; p++, at += 12) {
    view.setUint32(at, neighbours.item[p]!, true);
    view.setFloat32(at + 4, neighbours.together[p]!, true);
    view.setFloat32(at + 8, neighbours.similarity[p]!, true);
  }
  if (snapshot.factors)
    for (const values of [snapshot.factors.bias, snapshot.factors.q, snapshot.factors.y])
      for (let i = 0; i < values.length; i++, at += 4) view.setFloat32(at, values[i]!, true);
  return bytes;
}

/** Reads a snapshot, refusing anything that is not exactly this format (clear errors, no partial results). */
export function decodeAggregates(bytes: Uint8Array): AggregateSnapshot {
  const fail = (why: string): never => {
    throw new RangeError(`Not a recommendation snapshot: ${why}.`);
  };
  if (bytes.length < 4) fail('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  if (headerLength > bytes.length - 4) fail('header runs past the end');
  let header: {
    format?: unknown;
    version?: unknown;
    builtAt?: unknown;
    itemIds?: unknown;
    learners?: unknown;
    minSupport?: unknown;
    mean?: unknown;
    factors?: unknown;
  };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as typeof header;
  } catch {
    return fail('unreadable header');
  }
  if (header.format !== MAGIC) fail('wrong format');
  if (header.version !== VERSION && header.version !== 1)
    fail(`version ${String(header.version)} (this app reads 1 and ${VERSION})`);
  const itemIds = header.itemIds;
  if (!Array.isArray(itemIds) || !itemIds.every((id) => typeof id === 'string')) return fail('no item ids');
  const numbers = [header.builtAt, header.learners, header.minSupport, header.mean];
  if (!numbers.every((x) => typeof x === 'number' && Number.isFinite(x))) fail('bad header figures');
  const n = itemIds.length;
  let at = 4 + headerLength + ((8 - ((4 + headerLength) % 8)) % 8);
  if (bytes.length < at + n * 24 + (n + 1) * 4) fail('truncated');
  const count = new Float64Array(n);
  const offset = new Float64Array(n);
  for (let i = 0; i < n; i++, at += 8) count[i] = view.getFloat64(at, true);
  for (let i = 0; i < n; i++, at += 8) offset[i] = view.getFloat64(at, true);
  const bound = new Float64Array(n);
  for (let i = 0; i < n; i++, at += 8) bound[i] = view.getFloat64(at, true);
  const starts = new Uint32Array(n + 1);
  for (let i = 0; i <= n; i++, at += 4) starts[i] = view.getUint32(at, true);
  const pairs = starts[n]!;
  if (starts[0] !== 0 || starts.some((s, i) => i > 0 && s < starts[i - 1]!)) fail('bad neighbour offsets');
  const settings = header.version === VERSION ? factorSettings(header.factors, fail) : undefined;
  const factorValues = settings ? n * (1 + 2 * settings.factors) : 0;
  if (bytes.length !== at + pairs * 12 + factorValues * 4) fail('wrong length');
  const neighbours = {
    start: starts,
    item: new Uint32Array(pairs),
    together: new Float32Array(pairs),
    similarity: new Float32Array(pairs),
  };
  for (let p = 0; p < pairs; p++, at += 12) {
    const item = view.getUint32(at, true);
    if (item >= n) fail('neighbour out of range');
    neighbours.item[p] = item;
    neighbours.together[p] = view.getFloat32(at + 4, true);
    neighbours.similarity[p] = view.getFloat32(at + 8, true);
  }
  const floats = (length: number) => {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++, at += 4) out[i] = view.getFloat32(at, true);
    return out;
  };
  const factors = settings && {
    ...settings,
    bias: floats(n),
    q: floats(n * settings.factors),
    y: floats(n * settings.factors),
  };
  for (const figures of [count, offset, bound, neighbours.together, neighbours.similarity])
    if (!figures.every(Number.isFinite)) fail('non-finite figures');
  if (factors && ![factors.bias, factors.q, factors.y].every((values) => values.every(Number.isFinite)))
    fail('non-finite factors');
  return {
    ...(factors ? { factors } : {}),
    builtAt: header.builtAt as number,
    itemIds: itemIds,
    aggregates: {
      items: n,
      learners: header.learners as number,
      minSupport: header.minSupport as number,
      mean: header.mean as number,
      count,
      offset,
      neighbours,
      bound,
    },
  };
}

/** The factors' settings from a version 2 header: null (none published) or every field checked. */
function factorSettings(
  value: unknown,
  fail: (why: string) => never,
): Omit<ItemFactors, 'bias' | 'q' | 'y'> | undefined {
  if (value === null || value === undefined) return undefined;
  const settings = value as Partial<Record<keyof ItemFactors, unknown>>;
  const foldIn = settings.foldIn as { factor?: unknown; offset?: unknown } | undefined;
  const blend = settings.blend;
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (
    !Number.isInteger(settings.factors) ||
    (settings.factors as number) < 1 ||
    (settings.factors as number) > 256 ||
    !finite(settings.mean) ||
    !foldIn ||
    !finite(foldIn.factor) ||
    !(foldIn.factor > 0) ||
    !finite(foldIn.offset) ||
    !(foldIn.offset > 0) ||
    !Array.isArray(blend) ||
    blend.length !== 3 ||
    !blend.every(finite)
  )
    return fail('bad factor settings');
  return {
    factors: settings.factors as number,
    mean: settings.mean,
    foldIn: { factor: foldIn.factor, offset: foldIn.offset },
    blend: [blend[0], blend[1], blend[2]] as ItemFactors['blend'],
  };
}
