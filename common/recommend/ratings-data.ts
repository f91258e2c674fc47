import { xorshift32 } from './random.js';

/** One observed rating: user and item ids as they appear in the data, the value and when. */
export interface Rating {
  user: number;
  item: number;
  value: number;
  timestamp: number;
}

/**
 * Reads MovieLens data: `u.data` (tab-separated user, item, rating, timestamp) or
 * `ratings.csv` (`userId,movieId,rating,timestamp` with a header). Malformed lines are
 * reported with their line number rather than skipped silently.
 */
export function parseRatings(text: string, format: 'ml100k' | 'mlcsv'): Rating[] {
  const lines = text.split(/\r?\n/);
  const ratings: Rating[] = [];
  const start = format === 'mlcsv' ? 1 : 0;
  if (format === 'mlcsv' && !/^userId,movieId,rating,timestamp$/i.test(lines[0]?.trim() ?? '')) {
    throw new Error('ratings.csv must start with the header userId,movieId,rating,timestamp.');
  }
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const fields = line.split(format === 'ml100k' ? '\t' : ',');
    const [user, item, value, timestamp] = fields.map(Number);
    if (
      fields.length !== 4 ||
      ![user, item, value, timestamp].every((n) => Number.isFinite(n)) ||
      !Number.isInteger(user) ||
      !Number.isInteger(item)
    ) {
      throw new Error(
        `Line ${i + 1} is not "user${format === 'ml100k' ? '\\t' : ','}item${format === 'ml100k' ? '\\t' : ','}rating${format === 'ml100k' ? '\\t' : ','}timestamp": ${line.slice(0, 80)}`,
      );
    }
    ratings.push({ user: user!, item: item!, value: value!, timestamp: timestamp! });
  }
  return ratings;
}

/**
 * A synthetic data set shaped like public rating data, with planted structure: items belong to
 * groups (genres); each user has a favourite group, a second one, and a taste for every
 * group; users and items have offsets (generous raters, better courses); a few latent factors
 * add structure beyond the groups; popularity is skewed and users choose what they expect to
 * like (ratings are not missing at random); activity varies (at least 20 ratings, like
 * MovieLens); ratings are whole stars with noise. Deterministic for a seed.
 */
export function syntheticRatings(options: {
  users: number;
  items: number;
  groups: number;
  perUser: number;
  seed: number;
}): Rating[] {
  const next = xorshift32(options.seed);
  const random = () => (next() + 0.5) / 2 ** 32;
  const gaussian = () => Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
  const { users, items, groups } = options;
  const factors = 4;
  const groupOf = (item: number) => item % groups;
  const itemBias = Float64Array.from({ length: items }, () => 0.45 * gaussian());
  const itemFactors = Float64Array.from({ length: items * factors }, () => 0.45 * gaussian());
  // Popularity: a Zipf-like weight by a random rank, nudged up for better items.
  const rank = Int32Array.from({ length: items }, (_, i) => i);
  for (let i = items - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [rank[i], rank[j]] = [rank[j]!, rank[i]!];
  }
  const popularity = Float64Array.from(
    { length: items },
    (_, i) => Math.exp(0.6 * itemBias[i]!) / (1 + rank[i]!) ** 0.8,
  );
  const byGroup = Array.from({ length: groups }, (_, g) => {
    const members: number[] = [];
    for (let i = g; i < items; i += groups) members.push(i);
    let total = 0;
    return { members, cumulative: members.map((i) => (total += popularity[i]!)) };
  });
  const ratings: Rating[] = [];
  for (let user = 0; user < users; user++) {
    const favourite = user % groups;
    const second = next() % groups;
    const affinity = Float64Array.from(
      { length: groups },
      (_, g) => 0.35 * gaussian() + (g === favourite ? 0.9 : g === second ? 0.45 : 0),
    );
    const userBias = 0.4 * gaussian();
    const userFactors = Float64Array.from({ length: factors }, () => 0.45 * gaussian());
    const choice = Array.from(affinity, (a, g) => Math.exp(1.5 * a) * (byGroup[g]!.members.length > 0 ? 1 : 0));
    const choiceTotal = choice.reduce((sum, c) => sum + c, 0);
    const wanted = Math.min(
      Math.floor(items / 2),
      Math.max(20, Math.round(options.perUser * Math.exp(0.8 * gaussian() - 0.32))),
    );
    const seen = new Set<number>();
    for (let attempts = 0; seen.size < wanted && attempts < wanted * 100; attempts++) {
      let pick = random() * choiceTotal;
      let group = 0;
      while (group < groups - 1 && (pick -= choice[group]!) > 0) group++;
      const { members, cumulative } = byGroup[group]!;
      if (members.length === 0) continue;
      const target = random() * cumulative[cumulative.length - 1]!;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      const item = members[lo]!;
      if (seen.has(item)) continue;
      let taste = 0;
      for (let f = 0; f < factors; f++) taste += userFactors[f]! * itemFactors[item * factors + f]!;
      // Taste also decides what is chosen, not only how it is rated.
      if (random() > 1 / (1 + Math.exp(-3 * taste))) continue;
      seen.add(item);
      const latent = 3.65 + userBias + itemBias[item]! + affinity[groupOf(item)]! - 0.5 + taste + 0.8 * gaussian();
      ratings.push({
        user: user + 1,
        item: item + 1,
        value: Math.min(5, Math.max(1, Math.round(latent))),
        timestamp: 1_000_000 + ratings.length,
      });
    }
  }
  return ratings;
}
