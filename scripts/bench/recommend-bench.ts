/**
 * `npm run bench:recommend -- [--data <path>] [--format ml100k|mlcsv] [--scale]`: evaluates the
 * recommender on MovieLens-format data (or, without --data, on the repo's seeded synthetic
 * data set with planted structure) and prints, with wall time for each model:
 * - rating prediction RMSE/MAE under 5-fold cross-validation (shuffled, seed 42);
 * - top-10 ranking nDCG/Precision/Recall/MAP under a 75/25 split stratified per user
 *   (training items excluded, every held-out item relevant);
 * - the same for the models the app runs on privacy-protected aggregates, with the cost of
 *   the protections as a ratio to the same model on unprotected aggregates and to the best.
 * With --scale it instead times the app's model build and requests at 6,000 users × 3,700
 * items × 1M ratings (synthetic); with --growth, the device build's time and peak memory from
 * 1k to 50k items (recommend-growth.ts).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { trainAggregateEase, trainItemKnn } from '../../common/recommend/aggregate-models.ts';
import { buildItemAggregates, PROTECTED, UNPROTECTED } from '../../common/recommend/aggregates.ts';
import { trainBlend, transposed } from '../../common/recommend/blend.ts';
import { trainItemCosine } from '../../common/recommend/cosine.ts';
import { toDataset, type Dataset } from '../../common/recommend/dataset.ts';
import {
  crossValidate,
  rankingEvaluation,
  type RankingFigures,
  type RatingFigures,
} from '../../common/recommend/evaluate.ts';
import { trainBaseline, trainBiasedMf, trainPopularity, type Model } from '../../common/recommend/models.ts';
import { parseRatings, syntheticRatings } from '../../common/recommend/ratings-data.ts';
import { trainSvdPlusPlus } from '../../common/recommend/svdpp.ts';
import { buildEngine } from '../../common/recommend/engine.ts';
import { growthBench } from './recommend-growth.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    format: { type: 'string', default: '' },
    scale: { type: 'boolean', default: false },
    growth: { type: 'boolean', default: false },
  },
});
if (values.scale || values.growth) {
  await growthBench();
  process.exit(0);
}
const format = (values.format || (values.data?.endsWith('.csv') ? 'mlcsv' : 'ml100k')) as 'ml100k' | 'mlcsv';
if (format !== 'ml100k' && format !== 'mlcsv') throw new Error('--format is ml100k or mlcsv');
const ratings = values.data
  ? parseRatings(readFileSync(values.data, 'utf8'), format)
  : syntheticRatings({ users: 943, items: 1682, groups: 12, perUser: 106, seed: 42 });
const data = toDataset(ratings);
console.log(
  `data: ${values.data ?? 'synthetic (planted groups and factors, seed 42)'} — ${data.users} users, ${data.items} items, ${ratings.length.toLocaleString('en')} ratings`,
);
console.log(
  `protections: minimum support ${PROTECTED.minSupport}, at most ${PROTECTED.perUserCap} interactions per learner, ${Number.isFinite(PROTECTED.neighbours) ? PROTECTED.neighbours : 'every'} neighbours per item`,
);

type Trainer = (d: Dataset) => Model;
const mf: Trainer = (d) => trainBiasedMf(d, { factors: 20, epochs: 40, learningRate: 0.01, regularization: 0.1 });
const knn: Trainer = (d) => trainItemKnn(d, UNPROTECTED);
const f = (n: number) => n.toFixed(4);

console.log('\nrating prediction, 5-fold CV (shuffled, seed 42):');
const rating: [string, Trainer][] = [
  ['baseline (mean + biases)', (d) => trainBaseline(d)],
  ['item cosine CF (the seed)', (d) => trainItemCosine(d)],
  ['item kNN + baseline', knn],
  ['user kNN + baseline', transposed(knn)],
  ['biased MF (k=20, SGD)', mf],
  ['SVD++ (k=20, SGD)', (d) => trainSvdPlusPlus(d)],
  [
    'blend (ridge on 10% holdout)',
    (d) => trainBlend(d, [(x) => trainBaseline(x), knn, transposed(knn), mf, (x) => trainSvdPlusPlus(x)]),
  ],
  ['PROTECTED item kNN + baseline', (d) => trainItemKnn(d, PROTECTED)],
];
const ratingResults = new Map<string, RatingFigures>();
for (const [name, train] of rating) {
  const r = crossValidate(data, train);
  ratingResults.set(name, r);
  console.log(`  ${name.padEnd(32)} RMSE ${f(r.rmse)}  MAE ${f(r.mae)}  (${r.seconds.toFixed(1)} s for 5 folds)`);
}

console.log('\ntop-10 ranking, 75/25 split stratified per user (seed 42):');
const ranking: [string, Trainer][] = [
  ['popularity', trainPopularity],
  ['biased MF (k=20, SGD)', mf],
  ['EASE (λ=250)', (d) => trainAggregateEase(d, UNPROTECTED)],
  ['PROTECTED EASE (λ=250)', (d) => trainAggregateEase(d, PROTECTED)],
];
const rankingResults = new Map<string, RankingFigures>();
for (const [name, train] of ranking) {
  const r = rankingEvaluation(data, train);
  rankingResults.set(name, r);
  console.log(
    `  ${name.padEnd(32)} nDCG@10 ${f(r.ndcg)}  P@10 ${f(r.precision)}  R@10 ${f(r.recall)}  MAP ${f(r.map)}  (${r.seconds.toFixed(1)} s)`,
  );
}

const protectedKnn = ratingResults.get('PROTECTED item kNN + baseline')!;
const bestRmse = Math.min(
  ...[...ratingResults].filter(([name]) => !name.startsWith('PROTECTED')).map(([, r]) => r.rmse),
);
const ease = rankingResults.get('EASE (λ=250)')!;
const protectedEase = rankingResults.get('PROTECTED EASE (λ=250)')!;
console.log('\ncost of privacy:');
console.log(
  `  RMSE: protected ${f(protectedKnn.rmse)} vs same model unprotected ${f(ratingResults.get('item kNN + baseline')!.rmse)} (${pct(protectedKnn.rmse / ratingResults.get('item kNN + baseline')!.rmse - 1)}), vs best unprotected ${f(bestRmse)} (${pct(protectedKnn.rmse / bestRmse - 1)})`,
);
console.log(
  `  nDCG@10: protected ${f(protectedEase.ndcg)} vs unprotected ${f(ease.ndcg)} (${pct(protectedEase.ndcg / ease.ndcg - 1)}); P@10 ${pct(protectedEase.precision / ease.precision - 1)}, R@10 ${pct(protectedEase.recall / ease.recall - 1)}, MAP ${pct(protectedEase.map / ease.map - 1)}`,
);

// The app's own build on all of the data: the server's protected aggregates, then the device's engine.
let started = performance.now();
const aggregates = buildItemAggregates(data, PROTECTED);
const serverSeconds = (performance.now() - started) / 1000;
started = performance.now();
buildEngine({ builtAt: 0, itemIds: data.itemIds.map(String), aggregates });
console.log(
  `\napp model build on all ${data.value.length.toLocaleString('en')} ratings: server aggregates ${serverSeconds.toFixed(2)} s, device engine (EASE + similarities) ${((performance.now() - started) / 1000).toFixed(2)} s (goal < 2 s)`,
);

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}
