import { xorshift32 } from './random.js';
import type { Rating } from './ratings-data.js';

/** Ratings re-indexed to dense 0-based user and item indices, in typed arrays for the hot loops. */
export interface Dataset {
  users: number;
  items: number;
  user: Int32Array;
  item: Int32Array;
  value: Float32Array;
  /** Original ids, to report results in the data's own terms. */
  userIds: number[];
  itemIds: number[];
}

export function toDataset(ratings: readonly Rating[]): Dataset {
  const userIndex = new Map<number, number>();
  const itemIndex = new Map<number, number>();
  const user = new Int32Array(ratings.length);
  const item = new Int32Array(ratings.length);
  const value = new Float32Array(ratings.length);
  ratings.forEach((r, i) => {
    if (!userIndex.has(r.user)) userIndex.set(r.user, userIndex.size);
    if (!itemIndex.has(r.item)) itemIndex.set(r.item, itemIndex.size);
    user[i] = userIndex.get(r.user)!;
    item[i] = itemIndex.get(r.item)!;
    value[i] = r.value;
  });
  return {
    users: userIndex.size,
    items: itemIndex.size,
    user,
    item,
    value,
    userIds: [...userIndex.keys()],
    itemIds: [...itemIndex.keys()],
  };
}

/** The rows at `indices` of a dataset (same user and item numbering). */
export function subset(data: Dataset, indices: ArrayLike<number>): Dataset {
  const n = indices.length;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const value = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const j = indices[i]!;
    user[i] = data.user[j]!;
    item[i] = data.item[j]!;
    value[i] = data.value[j]!;
  }
  return { ...data, user, item, value };
}

/** A deterministic shuffle (xorshift32), so every run evaluates on the same folds. */
export function seededShuffle(n: number, seed: number): Int32Array {
  const next = xorshift32(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
