import type { Dataset } from './dataset.js';
import { xorshift32 } from './random.js';

/** A trained model: predicts a rating, and scores every item for a user (higher is better). */
export interface Model {
  name: string;
  predict(user: number, item: number): number;
  scores(user: number): Float64Array;
}

/** The global mean plus regularized user and item offsets: the baseline everything else must beat. */
export function trainBaseline(
  data: Dataset,
  options: { regularization?: number; iterations?: number } = {},
): Model & { mean: number; userBias: Float64Array; itemBias: Float64Array } {
  const reg = options.regularization ?? 10;
  const n = data.value.length;
  // Rows without a rating (NaN: an interaction only, such as a purchase) take no part.
  let mean = 0;
  let rated = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(data.value[i]!)) continue;
    mean += data.value[i]!;
    rated++;
  }
  mean = rated > 0 ? mean / rated : 3;
  const userBias = new Float64Array(data.users);
  const itemBias = new Float64Array(data.items);
  const sum = new Float64Array(Math.max(data.users, data.items));
  const count = new Float64Array(Math.max(data.users, data.items));
  // Alternating regularized means: item offsets given user offsets, then the reverse.
  for (let iteration = 0; iteration < (options.iterations ?? 3); iteration++) {
    sum.fill(0);
    count.fill(0);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(data.value[i]!)) continue;
      const j = data.item[i]!;
      sum[j] = sum[j]! + data.value[i]! - mean - userBias[data.user[i]!]!;
      count[j] = count[j]! + 1;
    }
    for (let j = 0; j < data.items; j++) itemBias[j] = sum[j]! / (reg + count[j]!);
    sum.fill(0);
    count.fill(0);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(data.value[i]!)) continue;
      const u = data.user[i]!;
      sum[u] = sum[u]! + data.value[i]! - mean - itemBias[data.item[i]!]!;
      count[u] = count[u]! + 1;
    }
    for (let u = 0; u < data.users; u++) userBias[u] = sum[u]! / (reg + count[u]!);
  }
  return {
    name: 'baseline (mean + biases)',
    mean,
    userBias,
    itemBias,
    predict: (user, item) => mean + (userBias[user] ?? 0) + (itemBias[item] ?? 0),
    scores(user) {
      const out = new Float64Array(data.items);
      for (let j = 0; j < data.items; j++) out[j] = mean + (userBias[user] ?? 0) + itemBias[j]!;
      return out;
    },
  };
}

/** How often each item was interacted with: the popularity ranking models must beat. */
export function trainPopularity(data: Dataset): Model {
  const counts = new Float64Array(data.items);
  for (let i = 0; i < data.item.length; i++) counts[data.item[i]!] = counts[data.item[i]!]! + 1;
  const baseline = trainBaseline(data);
  return {
    name: 'popularity',
    predict: (user, item) => baseline.predict(user, item),
    scores: () => Float64Array.from(counts),
  };
}

/**
 * Biased matrix factorization trained by SGD (Koren's SVD): r̂ = μ + b_u + b_i + p_u·q_i.
 * Deterministic for a seed; factors and biases live in typed arrays.
 */
export function trainBiasedMf(
  data: Dataset,
  options: { factors?: number; epochs?: number; learningRate?: number; regularization?: number; seed?: number } = {},
): Model {
  const k = options.factors ?? 50;
  const epochs = options.epochs ?? 30;
  const lr = options.learningRate ?? 0.007;
  const reg = options.regularization ?? 0.05;
  const next = xorshift32(options.seed ?? 1);
  const random = () => next() / 2 ** 32;
  const n = data.value.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += data.value[i]!;
  mean /= Math.max(1, n);
  const bu = new Float64Array(data.users);
  const bi = new Float64Array(data.items);
  // Factors start as N(0, 0.1²) (Box–Muller), as in the published SVD implementations.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) * 0.1;
  const p = Float64Array.from({ length: data.users * k }, gaussian);
  const q = Float64Array.from({ length: data.items * k }, gaussian);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let t = 0; t < n; t++) {
      const r = order[t]!;
      const u = data.user[r]!;
      const it = data.item[r]!;
      const pu = u * k;
      const qi = it * k;
      let dot = 0;
      for (let f = 0; f < k; f++) dot += p[pu + f]! * q[qi + f]!;
      const error = data.value[r]! - (mean + bu[u]! + bi[it]! + dot);
      bu[u] = bu[u]! + lr * (error - reg * bu[u]!);
      bi[it] = bi[it]! + lr * (error - reg * bi[it]!);
      for (let f = 0; f < k; f++) {
        const pf = p[pu + f]!;
        const qf = q[qi + f]!;
        p[pu + f] = pf + lr * (error * qf - reg * pf);
        q[qi + f] = qf + lr * (error * pf - reg * qf);
      }
    }
  }
  const predict = (u: number, it: number) => {
    let dot = 0;
    for (let f = 0; f < k; f++) dot += p[u * k + f]! * q[it * k + f]!;
    return mean + (bu[u] ?? 0) + (bi[it] ?? 0) + dot;
  };
  return {
    name: `biased MF (k=${k}, ${epochs} epochs)`,
    predict: (u, it) => Math.min(5, Math.max(1, predict(u, it))),
    scores(u) {
      const out = new Float64Array(data.items);
      for (let j = 0; j < data.items; j++) out[j] = predict(u, j);
      return out;
    },
  };
}
