import { readFileSync } from 'node:fs';
import {
  trainAggregateEase,
  trainDeviceStars,
  trainItemKnn,
  trainNeighbourhoodEase,
} from '../../common/recommend/aggregate-models.ts';
import { PROTECTED, UNPROTECTED } from '../../common/recommend/aggregates.ts';
import { trainBlend, transposed } from '../../common/recommend/blend.ts';
import { trainItemCosine } from '../../common/recommend/cosine.ts';
import { toDataset, type Dataset } from '../../common/recommend/dataset.ts';
import { trainBaseline, trainBiasedMf, trainPopularity, type Model } from '../../common/recommend/models.ts';
import { NEIGHBOURHOOD_EASE } from '../../common/recommend/neighbourhood-ease.ts';
import { parseRatings, syntheticRatings } from '../../common/recommend/ratings-data.ts';
import { trainSvdPlusPlus } from '../../common/recommend/svdpp.ts';

export type Trainer = (data: Dataset) => Model;

/** Where the dense items² EASE (the previous device model) is still run as a reference. */
export const DENSE_EASE_MAX_ITEMS = 10_000;

/** Synthetic shapes: MovieLens-100k's (943 × 1,682, ~100 ratings each) and a 10k-item catalogue's (ml-latest-small's). */
export const SHAPES = {
  ml100k: { users: 943, items: 1682, groups: 12, perUser: 106, seed: 42 },
  catalogue: { users: 610, items: 9742, groups: 20, perUser: 165, seed: 42 },
} as const;

export interface DataChoice {
  data?: string;
  format?: string;
  shape?: string;
}

/** The bench's data: MovieLens files (u.data or ratings.csv) or a seeded synthetic shape. */
export function loadData(choice: DataChoice): { data: Dataset; label: string } {
  if (choice.data) {
    const format = (choice.format || (choice.data.endsWith('.csv') ? 'mlcsv' : 'ml100k')) as 'ml100k' | 'mlcsv';
    if (format !== 'ml100k' && format !== 'mlcsv') throw new Error('--format is ml100k or mlcsv');
    return { data: toDataset(parseRatings(readFileSync(choice.data, 'utf8'), format)), label: choice.data };
  }
  const shape = (choice.shape || 'ml100k') as keyof typeof SHAPES;
  if (!(shape in SHAPES)) throw new Error(`--shape is one of ${Object.keys(SHAPES).join(', ')}`);
  return {
    data: toDataset(syntheticRatings(SHAPES[shape])),
    label: `synthetic ${shape} shape (planted groups and factors, seed 42)`,
  };
}

const mf: Trainer = (d) => trainBiasedMf(d, { factors: 20, epochs: 40, learningRate: 0.01, regularization: 0.1 });
const knn: Trainer = (d) => trainItemKnn(d, UNPROTECTED);
const ease = NEIGHBOURHOOD_EASE;

/** Rating predictors: references that need every learner's rows, then what the app runs. */
export const RATING_MODELS: Record<string, Trainer> = {
  'baseline (mean + biases)': (d) => trainBaseline(d),
  'item cosine CF (the seed)': (d) => trainItemCosine(d),
  'item kNN + baseline': knn,
  'user kNN + baseline': transposed(knn),
  'biased MF (k=20, SGD)': mf,
  'SVD++ (k=20, SGD)': (d) => trainSvdPlusPlus(d),
  'blend of five (ridge on 10% holdout)': (d) =>
    trainBlend(d, [(x) => trainBaseline(x), knn, transposed(knn), mf, (x) => trainSvdPlusPlus(x)]),
  'app stars, unprotected': (d) => trainDeviceStars(d, UNPROTECTED),
  'PROTECTED item kNN alone (before)': (d) => trainItemKnn(d, PROTECTED),
  'PROTECTED app stars (kNN + folded-in SVD++)': (d) => trainDeviceStars(d, PROTECTED),
};

/** Top-10 rankers; the dense EASE only up to DENSE_EASE_MAX_ITEMS (it needs items² memory). */
export function rankingModels(items: number): Record<string, Trainer> {
  const dense: Record<string, Trainer> =
    items <= DENSE_EASE_MAX_ITEMS
      ? {
          'dense EASE (λ=250)': (d) => trainAggregateEase(d, UNPROTECTED),
          'PROTECTED dense EASE (before)': (d) => trainAggregateEase(d, PROTECTED),
        }
      : {};
  return {
    popularity: trainPopularity,
    'biased MF (k=20, SGD)': mf,
    ...dense,
    'app neighbourhood EASE, unprotected': (d) => trainNeighbourhoodEase(d, UNPROTECTED, ease),
    'PROTECTED app neighbourhood EASE': (d) => trainNeighbourhoodEase(d, PROTECTED, ease),
  };
}
