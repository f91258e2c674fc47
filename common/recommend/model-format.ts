import type { EngineModel } from './engine.js';

/**
 * The device's built model on disk: what `buildModel` computed from one snapshot, so that a
 * restart on the same snapshot loads it instead of computing it again. A JSON header (format,
 * version, the snapshot's digest, item count) and the CSR arrays, little-endian, 4-byte aligned.
 */
const MAGIC = 'zhiku-model';
/** Bumped whenever what `buildModel` computes changes: an older file is then rebuilt, never misread. */
export const MODEL_VERSION = 1;

export function encodeModel(model: EngineModel, snapshotDigest: string): Uint8Array {
  const { weights, similar } = model;
  const header = new TextEncoder().encode(
    JSON.stringify({ format: MAGIC, version: MODEL_VERSION, snapshot: snapshotDigest, items: weights.items }),
  );
  const arrays = [weights.start, weights.target, weights.weight, similar.start, similar.item, similar.similarity];
  const headerBytes = 4 + header.length + ((4 - ((4 + header.length) % 4)) % 4);
  const bytes = new Uint8Array(headerBytes + 8 + arrays.reduce((sum, a) => sum + a.byteLength, 0));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, header.length, true);
  bytes.set(header, 4);
  let at = headerBytes;
  view.setUint32(at, weights.target.length, true);
  view.setUint32(at + 4, similar.item.length, true);
  at += 8;
  for (const array of arrays) {
    for (let i = 0; i < array.length; i++, at += 4)
      if (array instanceof Float32Array) view.setFloat32(at, array[i]!, true);
      else view.setUint32(at, array[i]!, true);
  }
  return bytes;
}

/** The header of a model file (which snapshot it was built from), or undefined when it is not one. */
export function readModelHeader(bytes: Uint8Array): { version: number; snapshot: string } | undefined {
  if (bytes.length < 4) return undefined;
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (length > bytes.length - 4) return undefined;
  try {
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as Record<string, unknown>;
    return header.format === MAGIC && header.version === MODEL_VERSION && typeof header.snapshot === 'string'
      ? { version: header.version, snapshot: header.snapshot }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a model file. Undefined when it was built from another snapshot or by another version
 * (the caller builds anew); a RangeError when it is damaged. Every index is checked, so a
 * damaged file can never make a request read outside its arrays.
 */
export function decodeModel(bytes: Uint8Array, snapshotDigest: string, items: number): EngineModel | undefined {
  const fail = (why: string): never => {
    throw new RangeError(`Not a recommender model: ${why}.`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) fail('too short');
  const headerLength = view.getUint32(0, true);
  if (headerLength > bytes.length - 4) fail('header runs past the end');
  let header: { format?: unknown; version?: unknown; snapshot?: unknown; items?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as typeof header;
  } catch {
    return fail('unreadable header');
  }
  if (header.format !== MAGIC) fail('wrong format');
  if (header.version !== MODEL_VERSION || header.snapshot !== snapshotDigest || header.items !== items)
    return undefined;
  let at = 4 + headerLength + ((4 - ((4 + headerLength) % 4)) % 4);
  if (bytes.length < at + 8) fail('truncated');
  const weightCount = view.getUint32(at, true);
  const similarCount = view.getUint32(at + 4, true);
  at += 8;
  if (bytes.length !== at + 4 * (2 * (items + 1) + 2 * weightCount + 2 * similarCount)) fail('wrong length');
  const uints = (length: number) => {
    const out = new Uint32Array(length);
    for (let i = 0; i < length; i++, at += 4) out[i] = view.getUint32(at, true);
    return out;
  };
  const floats = (length: number) => {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++, at += 4) out[i] = view.getFloat32(at, true);
    if (!out.every(Number.isFinite)) fail('non-finite weights');
    return out;
  };
  const checkedRows = (start: Uint32Array, targets: Uint32Array) => {
    if (start[0] !== 0 || start[items] !== targets.length) fail('bad row offsets');
    for (let i = 0; i < items; i++) if (start[i + 1]! < start[i]!) fail('bad row offsets');
    for (const target of targets) if (target >= items) fail('an item out of range');
  };
  const weights = { items, start: uints(items + 1), target: uints(weightCount), weight: floats(weightCount) };
  checkedRows(weights.start, weights.target);
  const similar = { start: uints(items + 1), item: uints(similarCount), similarity: floats(similarCount) };
  checkedRows(similar.start, similar.item);
  return { weights, similar };
}
