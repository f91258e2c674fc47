/**
 * `npm run bench:recommend -- [--data <path>] [--format ml100k|mlcsv]`: evaluates the
 * recommender models on MovieLens-format data (or, without --data, on the repo's seeded
 * synthetic data set with planted structure) and prints, with wall time for each model:
 * rating prediction RMSE/MAE under 5-fold cross-validation (shuffled, seed 42), and top-10
 * ranking nDCG/Precision/Recall/MAP under a 75/25 split stratified per user (training
 * items excluded, every held-out item relevant).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toDataset } from '../../main/core/recommend/dataset.ts';
import { crossValidate, rankingEvaluation } from '../../main/core/recommend/evaluate.ts';
import { trainBaseline, trainBiasedMf, trainEase, trainPopularity, type Model } from '../../main/core/recommend/models.ts';
import type { Dataset } from '../../main/core/recommend/dataset.ts';
import { parseRatings, syntheticRatings } from '../../main/core/recommend/ratings-data.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, format: { type: 'string', default: '' } } });
const format = (values.format || (values.data?.endsWith('.csv') ? 'mlcsv' : 'ml100k')) as 'ml100k' | 'mlcsv';
if (format !== 'ml100k' && format !== 'mlcsv') throw new Error('--format is ml100k or mlcsv');
const ratings = values.data ? parseRatings(readFileSync(values.data, 'utf8'), format) : syntheticRatings({ users: 943, items: 1682, groups: 12, perUser: 106, seed: 42 });
const data = toDataset(ratings);
console.log(`data: ${values.data ?? 'synthetic (planted groups, seed 42)'} — ${data.users} users, ${data.items} items, ${ratings.length.toLocaleString('en')} ratings`);

const models: [string, (d: Dataset) => Model][] = [
  ['popularity', trainPopularity],
  ['baseline (mean + biases)', (d) => trainBaseline(d)],
  ['biased MF (k=50, 30 epochs)', (d) => trainBiasedMf(d, { factors: 50, epochs: 30 })],
  ['EASE (λ=250)', (d) => trainEase(d)],
];
const f = (n: number) => n.toFixed(4);
console.log('\nrating prediction, 5-fold CV:');
for (const [name, train] of models.slice(1, 3)) {
  const r = crossValidate(data, train);
  console.log(`  ${name.padEnd(30)} RMSE ${f(r.rmse)}  MAE ${f(r.mae)}  (${r.seconds.toFixed(1)} s)`);
}
console.log('\ntop-10 ranking, 75/25 split per user:');
for (const [name, train] of models) {
  const r = rankingEvaluation(data, train);
  console.log(`  ${name.padEnd(30)} nDCG@10 ${f(r.ndcg)}  P@10 ${f(r.precision)}  R@10 ${f(r.recall)}  MAP ${f(r.map)}  (${r.seconds.toFixed(1)} s)`);
}
