import type { Dataset } from './dataset.js';
import type { Model } from './models.js';
import { xorshift32 } from './random.js';

/** What SVD++ learned about items (the user parts are left out: a device computes its own). */
export interface SvdPlusPlusParameters {
  factors: number;
  mean: number;
  itemBias: Float64Array;
  /** Item factors q_i and implicit factors y_j, `factors` values per item. */
  q: Float64Array;
  y: Float64Array;
}

/** Everything SVD++ trains, and the learning rate it reached: enough to continue training. */
export interface SvdPlusPlusState {
  userBias: Float64Array;
  itemBias: Float64Array;
  p: Float64Array;
  q: Float64Array;
  y: Float64Array;
  learningRate: number;
}

/**
 * SVD++ (Koren 2008): biased matrix factorization whose user vector also sums the factors y_j of
 * every item the user rated (implicit feedback): r̂ = μ + b_u + b_i + q_i·(p_u + |N(u)|^-½ Σ y_j).
 * Trained by SGD user by user; the implicit part's gradient is gathered over a user's ratings and
 * applied once per user (the usual fast variant). Deterministic for a seed.
 */
export function trainSvdPlusPlus(
  data: Dataset,
  options: {
    factors?: number;
    epochs?: number;
    learningRate?: number;
    regularization?: number;
    decay?: number;
    seed?: number;
    /** Continue from a model trained on a subset of these rows (same numbering) instead of from noise. */
    resume?: SvdPlusPlusState;
  } = {},
): Model & { parameters: SvdPlusPlusParameters; state: SvdPlusPlusState } {
  const k = options.factors ?? 20;
  const epochs = options.epochs ?? 30;
  const reg = options.regularization ?? 0.05;
  const decay = options.decay ?? 0.98;
  let lr = options.resume?.learningRate ?? options.learningRate ?? 0.007;
  const next = xorshift32(options.seed ?? 3);
  const random = () => (next() + 0.5) / 2 ** 32;
  const gaussian = () => Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random()) * 0.05;
  // N(u), for the implicit part: every interaction (bought or studied without rating too);
  // R(u), for the errors: the rated ones.
  const byUser: number[][] = Array.from({ length: data.users }, () => []);
  const ratedBy: number[][] = Array.from({ length: data.users }, () => []);
  let mean = 0;
  for (let row = 0; row < data.user.length; row++) {
    byUser[data.user[row]!]!.push(row);
    if (Number.isNaN(data.value[row]!)) continue;
    ratedBy[data.user[row]!]!.push(row);
    mean += data.value[row]!;
  }
  const rated = ratedBy.reduce((sum, rows) => sum + rows.length, 0);
  mean = rated > 0 ? mean / rated : 3;
  const resume = options.resume;
  const bu = resume ? Float64Array.from(resume.userBias) : new Float64Array(data.users);
  const bi = resume ? Float64Array.from(resume.itemBias) : new Float64Array(data.items);
  const p = resume ? Float64Array.from(resume.p) : Float64Array.from({ length: data.users * k }, gaussian);
  const q = resume ? Float64Array.from(resume.q) : Float64Array.from({ length: data.items * k }, gaussian);
  const y = resume ? Float64Array.from(resume.y) : Float64Array.from({ length: data.items * k }, gaussian);
  const z = new Float64Array(k);
  const gradient = new Float64Array(k);
  /** z = |N(u)|^-½ Σ_j y_j over the items u rated. */
  const implicitOf = (rows: readonly number[], into: Float64Array) => {
    into.fill(0);
    const scale = rows.length > 0 ? 1 / Math.sqrt(rows.length) : 0;
    for (const row of rows) {
      const at = data.item[row]! * k;
      for (let f = 0; f < k; f++) into[f] = into[f]! + y[at + f]!;
    }
    for (let f = 0; f < k; f++) into[f] = into[f]! * scale;
    return scale;
  };
  const users = Int32Array.from({ length: data.users }, (_, u) => u);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = users.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [users[i], users[j]] = [users[j]!, users[i]!];
    }
    for (const u of users) {
      const rows = ratedBy[u]!;
      if (rows.length === 0) continue;
      const all = byUser[u]!;
      const scale = implicitOf(all, z);
      gradient.fill(0);
      const pu = u * k;
      for (let t = rows.length - 1; t > 0; t--) {
        const j = Math.floor(random() * (t + 1));
        [rows[t], rows[j]] = [rows[j]!, rows[t]!];
      }
      for (const row of rows) {
        const it = data.item[row]!;
        const qi = it * k;
        let dot = 0;
        for (let f = 0; f < k; f++) dot += q[qi + f]! * (p[pu + f]! + z[f]!);
        const error = data.value[row]! - (mean + bu[u]! + bi[it]! + dot);
        bu[u] = bu[u]! + lr * (error - reg * bu[u]!);
        bi[it] = bi[it]! + lr * (error - reg * bi[it]!);
        for (let f = 0; f < k; f++) {
          const pf = p[pu + f]!;
          const qf = q[qi + f]!;
          p[pu + f] = pf + lr * (error * qf - reg * pf);
          q[qi + f] = qf + lr * (error * (pf + z[f]!) - reg * qf);
          gradient[f] = gradient[f]! + error * qf;
        }
      }
      for (const row of all) {
        const at = data.item[row]! * k;
        for (let f = 0; f < k; f++) y[at + f] = y[at + f]! + lr * (gradient[f]! * scale - reg * y[at + f]!);
      }
    }
    lr *= decay;
  }
  const userImplicit = new Float64Array(data.users * k);
  for (let u = 0; u < data.users; u++) {
    implicitOf(byUser[u]!, z);
    for (let f = 0; f < k; f++) userImplicit[u * k + f] = p[u * k + f]! + z[f]!;
  }
  const predict = (u: number, it: number) => {
    let dot = 0;
    for (let f = 0; f < k; f++) dot += q[it * k + f]! * userImplicit[u * k + f]!;
    return Math.min(5, Math.max(1, mean + (bu[u] ?? 0) + (bi[it] ?? 0) + dot));
  };
  return {
    parameters: { factors: k, mean, itemBias: bi, q, y },
    state: { userBias: bu, itemBias: bi, p, q, y, learningRate: lr },
    name: `SVD++ (k=${k}, ${epochs} epochs)`,
    predict,
    scores: (u) => Float64Array.from({ length: data.items }, (_, it) => predict(u, it)),
  };
}
