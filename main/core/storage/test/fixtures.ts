import {
  fillWithDefaultSettings,
  normalizeMangoQuery,
  prepareQuery,
  type MangoQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageInstance,
  type RxStorageInstanceCreationParams,
} from 'rxdb';

/** A deterministic PRNG (mulberry32) so a failing seed can be replayed. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}

export type Random = ReturnType<typeof randomSource>;

export interface Learner {
  id: string;
  name: string;
  age: number;
  score: number;
  active: boolean;
  city: { name: string; rank: number };
  tags: string[];
  note?: string;
}

/** Words mixing ASCII, CJK (BMP and beyond), emoji and characters below space. */
export const WORDS = [
  '算法',
  '算法导论',
  'alpha',
  'Alpha',
  'beta',
  'zeta',
  '中文',
  '学习',
  '😀',
  '😀smile',
  '𠀀rare',
  '𩸽',
  'ab',
  'a',
  'é',
  'e\u0301',
  'tab\tx',
  '',
  'Z',
  '～',
  '\uffee',
];
export const CITIES = ['北京', 'Shanghai', 'shanghai', '深圳', '𠀋城', 'Zürich', 'Aachen', '🏙️'];

export const learnerSchema: RxJsonSchema<Learner> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    name: { type: 'string', maxLength: 60 },
    age: { type: 'integer', minimum: 0, maximum: 150, multipleOf: 1 },
    score: { type: 'number', minimum: -1000, maximum: 1000, multipleOf: 0.01 },
    active: { type: 'boolean' },
    city: {
      type: 'object',
      properties: {
        name: { type: 'string', maxLength: 30 },
        rank: { type: 'integer', minimum: 0, maximum: 100, multipleOf: 1 },
      },
      required: ['name', 'rank'],
    },
    tags: { type: 'array', items: { type: 'string' } },
    note: { type: 'string' },
  },
  required: ['id', 'name', 'age', 'score', 'active', 'city', 'tags'],
  indexes: ['name', 'age', ['city.name', 'age'], ['active', 'score'], 'city.rank'],
};

export const filledLearnerSchema: RxJsonSchema<RxDocumentData<Learner>> =
  fillWithDefaultSettings<Learner>(learnerSchema);

export function randomLearner(random: Random, index: number, lwt: number): RxDocumentData<Learner> {
  const doc: RxDocumentData<Learner> = {
    id: `${random.pick(['u', 'ü', '用户', '😀', 'Z'])}-${String(index).padStart(4, '0')}${random.chance(0.2) ? random.pick(WORDS) : ''}`,
    name: `${random.pick(WORDS)}${random.chance(0.5) ? ` ${random.pick(WORDS)}` : ''}`.slice(0, 60),
    age: random.int(0, 150),
    score: Math.round((random.next() * 2000 - 1000) * 100) / 100,
    active: random.chance(0.6),
    city: { name: random.pick(CITIES), rank: random.int(0, 100) },
    tags: Array.from({ length: random.int(0, 3) }, () => random.pick(WORDS)),
    _deleted: random.chance(0.1),
    _rev: '1-test',
    _meta: { lwt },
    _attachments: {},
  };
  if (random.chance(0.4)) doc.note = random.pick(WORDS);
  return doc;
}

const FIELDS = ['name', 'age', 'score', 'active', 'city.name', 'city.rank', 'note', 'tags', 'id'] as const;

function randomValueFor(random: Random, field: (typeof FIELDS)[number]): unknown {
  switch (field) {
    case 'age':
      return random.int(-5, 155);
    case 'score':
      return Math.round((random.next() * 2200 - 1100) * 100) / 100;
    case 'city.rank':
      return random.int(0, 100);
    case 'active':
      return random.chance(0.5);
    case 'city.name':
      return random.pick(CITIES);
    default:
      return random.pick(WORDS);
  }
}

function randomCondition(random: Random, depth = 0): Record<string, unknown> {
  if (depth < 2 && random.chance(0.15)) {
    const op = random.pick(['$or', '$and'] as const);
    return { [op]: Array.from({ length: random.int(1, 3) }, () => randomCondition(random, depth + 1)) };
  }
  const field = random.pick(FIELDS);
  const op = random.pick(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$regex'] as const);
  switch (op) {
    case '$in':
    case '$nin':
      return { [field]: { [op]: Array.from({ length: random.int(1, 4) }, () => randomValueFor(random, field)) } };
    case '$exists':
      return { [field]: { $exists: random.chance(0.5) } };
    case '$regex': {
      const stringField = random.pick(['name', 'city.name', 'note', 'id'] as const);
      return { [stringField]: { $regex: random.pick(['^算', 'a', '^Z', '😀', 'ha', '学习$', '^[a-z]', '𠀀']) } };
    }
    default:
      return { [field]: { [op]: randomValueFor(random, field) } };
  }
}

const SORTABLE = ['name', 'age', 'score', 'active', 'city.name', 'city.rank', 'id'] as const;

/** A random Mango query over the learner schema: conditions, sorts (indexed or not), skip and limit. */
export function randomQuery(random: Random, options: { withSkipLimit: boolean }): MangoQuery<Learner> {
  const conditions = Array.from({ length: random.int(0, 3) }, () => randomCondition(random));
  // RxDB's own queries always exclude deleted documents; storage-level callers (replication, cleanup) may not.
  if (random.chance(0.8)) conditions.push({ _deleted: { $eq: false } });
  const query: MangoQuery<Learner> = { selector: Object.assign({}, ...conditions) as MangoQuery<Learner>['selector'] };
  if (random.chance(0.7)) {
    query.sort = Array.from({ length: random.int(1, 2) }, () => ({
      [random.pick(SORTABLE)]: random.pick(['asc', 'desc'] as const),
    }));
  }
  if (options.withSkipLimit) {
    if (random.chance(0.4)) query.skip = random.int(0, 30);
    if (random.chance(0.6)) query.limit = random.int(0, 40);
  }
  return query;
}

export function prepare(query: MangoQuery<Learner>) {
  return prepareQuery(filledLearnerSchema, normalizeMangoQuery(filledLearnerSchema, query));
}

/** What the tests need of a storage: both ours and RxDB's memory storage fit. */
interface AnyStorage {
  createStorageInstance(params: RxStorageInstanceCreationParams<Learner, never>): Promise<unknown>;
}

export async function openInstance(
  storage: AnyStorage,
  databaseName: string,
  collectionName = 'learners',
  schema: RxJsonSchema<RxDocumentData<unknown>> = filledLearnerSchema as never,
): Promise<RxStorageInstance<Learner, unknown, unknown>> {
  return (await storage.createStorageInstance({
    databaseInstanceToken: 'test-token',
    databaseName,
    collectionName,
    schema: schema as never,
    options: {} as never,
    multiInstance: false,
    devMode: false,
  })) as RxStorageInstance<Learner, unknown, unknown>;
}
