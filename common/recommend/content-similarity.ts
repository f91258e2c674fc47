/**
 * Content similarity for courses nobody has taken yet: TF-IDF vectors over a course's titles,
 * subtitle, tags and category in both languages (Chinese as overlapping character pairs, other
 * scripts as lower-cased words), compared by cosine.
 */
export interface CourseText {
  id: string;
  texts: string[];
}

export type ContentVector = Map<string, number>;

export function terms(text: string): string[] {
  const out: string[] = [];
  for (const run of text.toLowerCase().match(/[\p{Script=Han}]+|[\p{L}\p{N}]+/gu) ?? []) {
    if (/\p{Script=Han}/u.test(run)) {
      if (run.length === 1) out.push(run);
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    } else if (run.length > 1) out.push(run);
  }
  return out;
}

/** Unit-length TF-IDF vectors of every course, with document frequencies from these courses. */
export function contentVectors(courses: readonly CourseText[]): Map<string, ContentVector> {
  const counts = courses.map((course) => {
    const tf = new Map<string, number>();
    for (const text of course.texts) for (const term of terms(text)) tf.set(term, (tf.get(term) ?? 0) + 1);
    return tf;
  });
  const df = new Map<string, number>();
  for (const tf of counts) for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const vectors = new Map<string, ContentVector>();
  courses.forEach((course, i) => {
    const vector: ContentVector = new Map();
    let norm = 0;
    for (const [term, n] of counts[i]!) {
      const weight = (1 + Math.log(n)) * Math.log((1 + courses.length) / (1 + df.get(term)!));
      if (weight <= 0) continue;
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    vectors.set(course.id, vector);
  });
  return vectors;
}

export function cosineOf(a: ContentVector | undefined, b: ContentVector | undefined): number {
  if (!a || !b) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, weight] of small) sum += weight * (large.get(term) ?? 0);
  return sum;
}
