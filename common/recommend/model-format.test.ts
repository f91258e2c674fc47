import { describe, expect, it } from 'vitest';
import { decodeAggregates, encodeAggregates, type AggregateSnapshot } from './aggregate-format.js';
import { buildItemAggregates, PROTECTED } from './aggregates.js';
import { toDataset } from './dataset.js';
import { buildModel } from './engine.js';
import { trainItemFactors } from './item-factors.js';
import { decodeModel, encodeModel, readModelHeader } from './model-format.js';
import { syntheticRatings } from './ratings-data.js';

const data = toDataset(syntheticRatings({ users: 200, items: 120, groups: 4, perUser: 30, seed: 3 }));
const snapshot: AggregateSnapshot = {
  builtAt: 99,
  itemIds: data.itemIds.map((id) => `course-${id}`),
  aggregates: buildItemAggregates(data, PROTECTED),
  factors: trainItemFactors(data, PROTECTED),
};

/** The bytes with the JSON header replaced (alignment kept as the format requires). */
function withHeader(bytes: Uint8Array, edit: (header: Record<string, unknown>) => void, align: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as Record<string, unknown>;
  edit(header);
  const body = bytes.subarray(4 + length + ((align - ((4 + length) % align)) % align));
  const text = new TextEncoder().encode(JSON.stringify(header));
  const start = 4 + text.length + ((align - ((4 + text.length) % align)) % align);
  const out = new Uint8Array(start + body.length);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(text, 4);
  out.set(body, start);
  return out;
}

describe('the snapshot’s wire format, version 2', () => {
  it('round-trips the item factors and their settings', () => {
    const decoded = decodeAggregates(encodeAggregates(snapshot));
    expect(decoded.factors?.foldIn).toEqual(snapshot.factors!.foldIn);
    expect(decoded.factors?.blend).toEqual(snapshot.factors!.blend);
    expect([...decoded.factors!.q]).toEqual([...snapshot.factors!.q]);
    expect([...decoded.factors!.y]).toEqual([...snapshot.factors!.y]);
    expect([...decoded.factors!.bias]).toEqual([...snapshot.factors!.bias]);
  });

  it('still reads version 1 (no factors), and refuses bad settings or values with a clear error', () => {
    const plain = encodeAggregates({ ...snapshot, factors: undefined });
    const v1 = withHeader(
      plain,
      (header) => {
        header.version = 1;
        delete header.factors;
      },
      8,
    );
    const decoded = decodeAggregates(v1);
    expect(decoded.factors).toBeUndefined();
    expect([...decoded.aggregates.count]).toEqual([...snapshot.aggregates.count]);
    const bytes = encodeAggregates(snapshot);
    const badBlend = withHeader(bytes, (header) => ((header.factors as { blend: unknown }).blend = [1, 2]), 8);
    expect(() => decodeAggregates(badBlend)).toThrow(/bad factor settings/);
    const noPenalty = withHeader(
      bytes,
      (header) => ((header.factors as { foldIn: unknown }).foldIn = { factor: 0, offset: 5 }),
      8,
    );
    expect(() => decodeAggregates(noPenalty)).toThrow(/bad factor settings/);
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(nan.length - 4, Number.NaN, true);
    expect(() => decodeAggregates(nan)).toThrow(/non-finite factors/);
    expect(() => decodeAggregates(bytes.subarray(0, bytes.length - 4))).toThrow(/wrong length/);
    expect(() => decodeAggregates(withHeader(bytes, (header) => (header.version = 3), 8))).toThrow(/version 3/);
  });
});

describe('the device’s model file', () => {
  const model = buildModel(snapshot);
  const bytes = encodeModel(model, 'digest-a');

  it('round-trips the built model and names the snapshot it was built from', () => {
    expect(readModelHeader(bytes)).toEqual({ version: 1, snapshot: 'digest-a' });
    const decoded = decodeModel(bytes, 'digest-a', snapshot.aggregates.items)!;
    expect([...decoded.weights.start]).toEqual([...model.weights.start]);
    expect([...decoded.weights.target]).toEqual([...model.weights.target]);
    expect([...decoded.weights.weight]).toEqual([...model.weights.weight]);
    expect([...decoded.similar.item]).toEqual([...model.similar.item]);
    expect([...decoded.similar.similarity]).toEqual([...model.similar.similarity]);
  });

  it('is not used for another snapshot, and a damaged file is refused, never misread', () => {
    expect(decodeModel(bytes, 'digest-b', snapshot.aggregates.items)).toBeUndefined();
    expect(decodeModel(bytes, 'digest-a', snapshot.aggregates.items + 1)).toBeUndefined();
    expect(readModelHeader(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(() => decodeModel(bytes.subarray(0, bytes.length - 4), 'digest-a', snapshot.aggregates.items)).toThrow(
      /wrong length/,
    );
    // A target index past the catalogue, written where the first weight's target is.
    const damaged = bytes.slice();
    const view = new DataView(damaged.buffer);
    const headerLength = view.getUint32(0, true);
    const arrays = 4 + headerLength + ((4 - ((4 + headerLength) % 4)) % 4) + 8;
    view.setUint32(arrays + 4 * (snapshot.aggregates.items + 1), 1e6, true);
    expect(() => decodeModel(damaged, 'digest-a', snapshot.aggregates.items)).toThrow(/out of range/);
    expect(() => decodeModel(new TextEncoder().encode('\u0002\u0000\u0000\u0000{}'), 'd', 1)).toThrow(/wrong format/);
  });
});
