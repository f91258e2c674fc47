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
    if (fields.length !== 4 || ![user, item, value, timestamp].every((n) => Number.isFinite(n)) || !Number.isInteger(user) || !Number.isInteger(item)) {
      throw new Error(`Line ${i + 1} is not "user${format === 'ml100k' ? '\\t' : ','}item${format === 'ml100k' ? '\\t' : ','}rating${format === 'ml100k' ? '\\t' : ','}timestamp": ${line.slice(0, 80)}`);
    }
    ratings.push({ user: user!, item: item!, value: value!, timestamp: timestamp! });
  }
  return ratings;
}

/**
 * A synthetic data set with planted structure: users and items belong to latent groups;
 * a user rates items of their own group high and others low, with noise. Deterministic
 * for a seed, so tests and benchmarks see the same data.
 */
export function syntheticRatings(options: { users: number; items: number; groups: number; perUser: number; seed: number }): Rating[] {
  const next = xorshift32(options.seed);
  const random = () => next() / 2 ** 32;
  // An item's group is its id modulo the number of groups, and so is a user's.
  const groupOf = (id: number) => id % options.groups;
  const perGroup = Math.floor(options.items / options.groups);
  const ratings: Rating[] = [];
  for (let user = 1; user <= options.users; user++) {
    const group = groupOf(user);
    const seen = new Set<number>();
    while (seen.size < Math.min(options.perUser, options.items)) {
      // Users mostly pick items of their group (75%): the structure a model should find.
      const item = random() < 0.75 && perGroup > 1 ? group + options.groups * (1 + Math.floor(random() * (perGroup - 1))) : 1 + Math.floor(random() * options.items);
      if (item < 1 || item > options.items || seen.has(item)) continue;
      seen.add(item);
      const base = groupOf(item) === group ? 4.3 : 2.2;
      const value = Math.min(5, Math.max(1, Math.round(base + (random() - 0.5) * 1.6)));
      ratings.push({ user, item, value, timestamp: 1_000_000 + ratings.length });
    }
  }
  return ratings;
}
