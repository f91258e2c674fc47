import { seededShuffle, subset, type Dataset } from './dataset.js';
import { Matrix, solve } from 'ml-matrix';
import type { Model } from './models.js';

/**
 * A linear blend of rating predictors (as the Netflix Prize teams blended): each component is
 * trained on 90% of the training data, blend weights are fitted by ridge regression on the
 * other 10% (never on the data being evaluated), then the components are retrained on all of
 * it and combined with those weights.
 */
export function trainBlend(
  data: Dataset,
  components: readonly ((data: Dataset) => Model)[],
  options: { holdout?: number; ridge?: number; seed?: number } = {},
): Model {
  const order = seededShuffle(data.value.length, options.seed ?? 7);
  const cut = Math.floor(order.length * (1 - (options.holdout ?? 0.1)));
  const fitRows = order.subarray(0, cut);
  const holdRows = order.subarray(cut);
  const partial = components.map((train) => train(subset(data, fitRows)));
  const d = components.length + 1;
  const normal = new Float64Array(d * d);
  const target = new Float64Array(d);
  const features = new Float64Array(d);
  for (const row of holdRows) {
    features[0] = 1;
    partial.forEach((model, c) => (features[c + 1] = model.predict(data.user[row]!, data.item[row]!)));
    for (let a = 0; a < d; a++) {
      target[a] = target[a]! + features[a]! * data.value[row]!;
      for (let b = 0; b < d; b++) normal[a * d + b] = normal[a * d + b]! + features[a]! * features[b]!;
    }
  }
  const ridge = options.ridge ?? 1;
  for (let a = 1; a < d; a++) normal[a * d + a] = normal[a * d + a]! + ridge;
  // A (components + 1)² system: ml-matrix's general solver is the right tool at this size.
  const rows = Array.from({ length: d }, (_, a) => Array.from(normal.subarray(a * d, (a + 1) * d)));
  const weights = Float64Array.from(solve(new Matrix(rows), Matrix.columnVector(Array.from(target))).getColumn(0));
  const full = components.map((train) => train(data));
  const predict = (user: number, item: number) => {
    let sum = weights[0]!;
    full.forEach((model, c) => (sum += weights[c + 1]! * model.predict(user, item)));
    return Math.min(5, Math.max(1, sum));
  };
  return {
    name: `blend of ${full.map((m) => m.name).join(', ')}`,
    predict,
    scores: (user) => Float64Array.from({ length: data.items }, (_, item) => predict(user, item)),
  };
}

/** The same data with users and items swapped: an item model trained on it is a user model. */
export function transposed(train: (data: Dataset) => Model): (data: Dataset) => Model {
  return (data) => {
    const model = train({
      ...data,
      users: data.items,
      items: data.users,
      user: data.item,
      item: data.user,
      userIds: data.itemIds,
      itemIds: data.userIds,
    });
    return {
      name: `${model.name} on users`,
      predict: (user, item) => model.predict(item, user),
      scores: (user) => Float64Array.from({ length: data.items }, (_, item) => model.predict(item, user)),
    };
  };
}
