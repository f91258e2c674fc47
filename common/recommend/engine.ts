import type { AggregateSnapshot } from './aggregate-format.js';
import { neighboursOf } from './aggregates.js';
import {
  NEIGHBOURHOOD_EASE,
  neighbourhoodEase,
  type NeighbourhoodEaseOptions,
  type SparseWeights,
} from './neighbourhood-ease.js';
import { starsPredictor } from './item-factors.js';
import { similarityLists, type SimilarityLists } from './personal-models.js';

/** A learner's own history as the device knows it: courses they bought, studied or rated. */
export interface OwnCourse {
  courseId: string;
  stars?: number;
}

export interface Suggestion {
  courseId: string;
  score: number;
  /** The course in the learner's own history that contributed most: "because you studied X". */
  becauseOf?: string;
}

export interface AlsoTaken {
  courseId: string;
  score: number;
  /** Learners who took both (published pairs only, so at least the minimum support). */
  together: number;
}

/**
 * The on-device recommender, built once per synced snapshot: neighbourhood EASE weights for
 * "recommended for you", published co-occurrence for "also took", item-item similarities for
 * predicted stars. Requests take the learner's own history, which never leaves the device.
 */
export interface Engine {
  items: number;
  builtAt: number;
  forYou(own: readonly OwnCourse[], count: number, exclude: ReadonlySet<string>): Suggestion[];
  alsoTook(courseId: string, count: number, exclude: ReadonlySet<string>): AlsoTaken[];
  /** Predicted stars for courses the snapshot knows (null otherwise, or when the learner rated nothing). */
  predictStars(own: readonly OwnCourse[], courseIds: readonly string[]): (number | null)[];
}

/** What the device computes from a snapshot (and keeps on disk, so that a restart need not compute it again). */
export interface EngineModel {
  weights: SparseWeights;
  similar: SimilarityLists;
}

/** The costly part of a device build: neighbourhood EASE weights and the symmetric similarity lists. */
export function buildModel(
  snapshot: AggregateSnapshot,
  ease: NeighbourhoodEaseOptions = NEIGHBOURHOOD_EASE,
  onProgress?: (fraction: number) => void,
): EngineModel {
  const weights = neighbourhoodEase(snapshot.aggregates, ease, onProgress);
  return { weights, similar: similarityLists(snapshot.aggregates) };
}

export function buildEngine(snapshot: AggregateSnapshot, ease: NeighbourhoodEaseOptions = NEIGHBOURHOOD_EASE): Engine {
  return engineFrom(snapshot, buildModel(snapshot, ease));
}

/** The engine over a snapshot and its built model: every request is sparse (no item × item table). */
export function engineFrom(snapshot: AggregateSnapshot, model: EngineModel): Engine {
  const { aggregates, itemIds } = snapshot;
  const { weights, similar } = model;
  const n = aggregates.items;
  const index = new Map(itemIds.map((id, i) => [id, i]));
  const ownIndices = (own: readonly OwnCourse[]) => [
    ...new Set(own.map((o) => index.get(o.courseId)).filter((i): i is number => i !== undefined)),
  ];
  return {
    items: n,
    builtAt: snapshot.builtAt,
    forYou(own, count, exclude) {
      const history = ownIndices(own);
      if (history.length === 0) return [];
      const scores = new Float64Array(n);
      // The reason: the course in the history whose weight to the suggestion is largest.
      const because = new Int32Array(n).fill(-1);
      const strongest = new Float64Array(n);
      for (const i of history) {
        for (let p = weights.start[i]!; p < weights.start[i + 1]!; p++) {
          const j = weights.target[p]!;
          const w = weights.weight[p]!;
          scores[j] = scores[j]! + w;
          if (because[j]! < 0 || w > strongest[j]!) {
            because[j] = i;
            strongest[j] = w;
          }
        }
      }
      const mine = new Set(history);
      const ranked = topK(scores, count, (j) => !mine.has(j) && !exclude.has(itemIds[j]!) && scores[j]! > 0);
      return ranked.map((j) => ({ courseId: itemIds[j]!, score: scores[j]!, becauseOf: itemIds[because[j]!]! }));
    },
    alsoTook(courseId, count, exclude) {
      // Learners who took this also took: the published pairs, by how much more often the two
      // are taken together than their popularity alone explains (cosine of who took them).
      const i = index.get(courseId);
      if (i === undefined) return [];
      return neighboursOf(aggregates, i)
        .filter((n) => n.item !== i && !exclude.has(itemIds[n.item]!) && aggregates.count[n.item]! > 0)
        .map((n) => ({
          courseId: itemIds[n.item]!,
          score: n.together / Math.sqrt(aggregates.count[i]! * aggregates.count[n.item]!),
          together: n.together,
        }))
        .sort((x, y) => y.score - x.score || x.courseId.localeCompare(y.courseId))
        .slice(0, Math.max(0, count));
    },
    predictStars(own, courseIds) {
      const history = own
        .filter((o) => index.has(o.courseId))
        .map((o) => ({ item: index.get(o.courseId)!, ...(o.stars === undefined ? {} : { value: o.stars }) }));
      const predict = starsPredictor(aggregates, similar, snapshot.factors, history);
      if (!predict) return courseIds.map(() => null);
      return courseIds.map((id) => {
        const i = index.get(id);
        return i === undefined || aggregates.count[i] === 0 ? null : Math.round(predict(i) * 10) / 10;
      });
    },
  };
}

/** Indices of the `k` highest scores among those `keep` accepts, best first (ties by index). */
function topK(scores: Float64Array, k: number, keep: (j: number) => boolean): number[] {
  const best: number[] = [];
  if (k <= 0) return best;
  for (let j = 0; j < scores.length; j++) {
    if (!keep(j)) continue;
    if (best.length === k && scores[j]! <= scores[best[k - 1]!]!) continue;
    if (best.length < k) best.push(j);
    else best[k - 1] = j;
    for (let at = best.length - 1; at > 0 && scores[best[at - 1]!]! < scores[best[at]!]!; at--)
      [best[at - 1], best[at]] = [best[at]!, best[at - 1]!];
  }
  return best;
}
