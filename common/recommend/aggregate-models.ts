import { buildItemAggregates, type AggregateOptions } from './aggregates.js';
import type { Dataset } from './dataset.js';
import type { Model } from './models.js';
import { starsPredictor, trainItemFactors } from './item-factors.js';
import { neighbourhoodEase, sparseScores, type NeighbourhoodEaseOptions } from './neighbourhood-ease.js';
import { easeScores, easeWeights, ownHistories, ratingPredictor, similarityLists } from './personal-models.js';

/**
 * The models the app runs, evaluated as the app runs them: aggregates built from the training
 * data (with or without protections), combined per learner with that learner's own training
 * history, as a device combines synced aggregates with its local history.
 */

/** Item-item neighbourhood with baseline (k nearest rated items) on the aggregates. */
export function trainItemKnn(data: Dataset, options: AggregateOptions, k = 40): Model {
  const aggregates = buildItemAggregates(data, options);
  const similar = similarityLists(aggregates);
  const histories = ownHistories(data);
  const predictors = new Map<number, (item: number) => number>();
  const predictorFor = (user: number) => {
    let predictor = predictors.get(user);
    if (!predictor) predictors.set(user, (predictor = ratingPredictor(aggregates, similar, histories[user] ?? [], k)));
    return predictor;
  };
  return {
    name: `item kNN + baseline (k=${k})`,
    predict: (user, item) => predictorFor(user)(item),
    scores: (user) => Float64Array.from({ length: data.items }, (_, item) => predictorFor(user)(item)),
  };
}

/** EASE on the aggregates' co-interaction counts. */
export function trainAggregateEase(data: Dataset, options: AggregateOptions, lambda = 250): Model {
  const aggregates = buildItemAggregates(data, options);
  const weights = easeWeights(aggregates, lambda);
  const histories = ownHistories(data);
  return {
    name: `EASE (λ=${lambda})`,
    predict: () => aggregates.mean,
    scores: (user) =>
      easeScores(
        weights,
        data.items,
        (histories[user] ?? []).map((o) => o.item),
      ),
  };
}

/** EASE restricted to each item's published neighbourhood (what devices run at any catalogue size). */
export function trainNeighbourhoodEase(
  data: Dataset,
  options: AggregateOptions,
  ease: NeighbourhoodEaseOptions,
): Model {
  const aggregates = buildItemAggregates(data, options);
  const weights = neighbourhoodEase(aggregates, ease);
  const histories = ownHistories(data);
  return {
    name: `neighbourhood EASE (λ=${ease.lambda}, ${ease.neighbours} neighbours)`,
    predict: () => aggregates.mean,
    scores: (user) =>
      sparseScores(
        weights,
        (histories[user] ?? []).map((o) => o.item),
      ),
  };
}

/**
 * The app's predicted stars as devices compute them: the server's protected aggregates and item
 * factors (trained on the training data), each learner's own training history folded in.
 */
export function trainDeviceStars(data: Dataset, options: AggregateOptions): Model {
  const aggregates = buildItemAggregates(data, options);
  const similar = similarityLists(aggregates);
  const factors = trainItemFactors(data, options);
  const histories = ownHistories(data);
  const predictors = new Map<number, ((item: number) => number) | null>();
  const predictorFor = (user: number) => {
    if (!predictors.has(user))
      predictors.set(user, starsPredictor(aggregates, similar, factors, histories[user] ?? []));
    return predictors.get(user);
  };
  return {
    name: 'item kNN + folded-in SVD++ (blend)',
    predict: (user, item) => predictorFor(user)?.(item) ?? aggregates.mean + (aggregates.offset[item] ?? 0),
    scores: (user) => Float64Array.from({ length: data.items }, (_, item) => predictorFor(user)?.(item) ?? 0),
  };
}
