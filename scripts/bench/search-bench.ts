/**
 * `npm run bench:search`: the on-device search index (FTS5 with CJK bigrams) over 100,000
 * lessons and 10,000 courses with generated bilingual titles, queried the way people
 * type — one and two Chinese characters, longer Chinese phrases, English prefixes, mixed —
 * against a baseline in the same process: the same data in a plain table searched with
 * LIKE '%…%' (what a catalog without an index would do). Prints p50/p95/p99 and ratios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSearchIndex, type IndexedCourse, type IndexedLesson } from '../../main/core/search/search-index.ts';
import { highlightRanges } from '../../common/search/search-terms.ts';

const LESSONS = Number(process.env.BENCH_LESSONS ?? 100_000);
const COURSES = Math.max(1, Math.round(LESSONS / 10));
const QUERIES = 2_000;

// A deterministic generator, so every run searches the same data.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const TERMS: readonly [string, string][] = [
  ['算法', 'algorithms'],
  ['数据结构', 'data structures'],
  ['动态规划', 'dynamic programming'],
  ['机器学习', 'machine learning'],
  ['深度学习', 'deep learning'],
  ['网络', 'networks'],
  ['操作系统', 'operating systems'],
  ['数据库', 'databases'],
  ['前端', 'frontend'],
  ['设计', 'design'],
  ['摄影', 'photography'],
  ['历史', 'history'],
  ['经济学', 'economics'],
  ['心理学', 'psychology'],
  ['写作', 'writing'],
  ['英语口语', 'spoken English'],
  ['日语', 'Japanese'],
  ['投资', 'investing'],
  ['产品经理', 'product management'],
  ['项目管理', 'project management'],
  ['统计', 'statistics'],
  ['线性代数', 'linear algebra'],
  ['微积分', 'calculus'],
  ['吉他', 'guitar'],
  ['钢琴', 'piano'],
  ['绘画', 'drawing'],
  ['营养', 'nutrition'],
  ['健身', 'fitness'],
  ['编译原理', 'compilers'],
  ['分布式系统', 'distributed systems'],
  ['密码学', 'cryptography'],
  ['排序', 'sorting'],
];
const FORMS: readonly [string, string][] = [
  ['入门', 'Introduction to'],
  ['进阶', 'Advanced'],
  ['实战', 'Hands-on'],
  ['第{n}讲', 'Lesson {n}:'],
  ['精讲', 'In depth:'],
  ['导论', 'Foundations of'],
  ['案例', 'Case studies in'],
];
const TECH = ['Python', 'React', 'TypeScript', 'SQL', 'Rust', 'Go', 'Excel', 'Photoshop', 'Kubernetes', 'Linux'];

function title(n: number): { zh: string; en: string } {
  const [zh1, en1] = pick(TERMS);
  const [zh2, en2] = pick(TERMS);
  const [zf, ef] = pick(FORMS);
  const tech = random() < 0.3 ? pick(TECH) : '';
  return {
    zh: `${zf.replace('{n}', String(n % 40))}：${tech}${zh1}与${zh2}`,
    en: `${ef.replace('{n}', String(n % 40))} ${tech ? `${tech} ` : ''}${en1} and ${en2}`,
  };
}

function queryMix(): string[] {
  const queries: string[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const [zh, en] = pick(TERMS);
    const kind = i % 6;
    if (kind === 0)
      queries.push([...zh][0]!); // one character, the first thing typed
    else if (kind === 1)
      queries.push(zh.slice(0, 2)); // 算法
    else if (kind === 2)
      queries.push(`${zh}与`); // a longer phrase
    else if (kind === 3)
      queries.push(en.slice(0, 3 + (i % 4))); // an English prefix while typing
    else if (kind === 4)
      queries.push(`${pick(TECH)}${zh.slice(0, 2)}`); // mixed: Python算法
    else queries.push(`${pick(FORMS)[0].replace('{n}', '')} ${zh}`);
  }
  return queries;
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1)! };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const dir = mkdtempSync(join(tmpdir(), 'zhiku-search-bench-'));
try {
  const text = (zh: string, en: string) => ({ zh, en });
  const courses: IndexedCourse[] = Array.from({ length: COURSES }, (_, n) => {
    const t = title(n);
    return {
      id: `c${n}`,
      title: t,
      subtitle: t,
      description: text(`${t.zh}。${pick(TERMS)[0]}`, t.en),
      tags: [pick(TERMS)[0]],
      categoryName: text('编程', 'Programming'),
      creatorName: text('林晓', 'Lin Xiao'),
      status: 'published',
      updatedAt: n,
    };
  });
  const lessons: IndexedLesson[] = Array.from({ length: LESSONS }, (_, n) => ({
    id: `l${n}`,
    courseId: `c${n % COURSES}`,
    kind: 'text',
    title: title(n),
    updatedAt: n,
  }));

  const index = openSearchIndex(join(dir, 'index'));
  let started = performance.now();
  index.upsertCourses(courses);
  for (let i = 0; i < lessons.length; i += 5_000)
    index.upsertLessons(lessons.slice(i, i + 5_000).map((lesson) => ({ lesson })));
  const buildMs = performance.now() - started;

  const baseline = new Database(join(dir, 'baseline.sqlite'));
  baseline.exec(
    'CREATE TABLE lessons (id TEXT PRIMARY KEY, course_id TEXT, title_zh TEXT, title_en TEXT); CREATE TABLE courses (id TEXT PRIMARY KEY, title_zh TEXT, title_en TEXT)',
  );
  baseline.transaction(() => {
    const insertLesson = baseline.prepare('INSERT INTO lessons VALUES (?, ?, ?, ?)');
    for (const lesson of lessons) insertLesson.run(lesson.id, lesson.courseId, lesson.title.zh, lesson.title.en);
    const insertCourse = baseline.prepare('INSERT INTO courses VALUES (?, ?, ?)');
    for (const course of courses) insertCourse.run(course.id, course.title.zh, course.title.en);
  })();
  const likeLessons = baseline.prepare(
    'SELECT id, title_zh, title_en FROM lessons WHERE title_zh LIKE @q OR title_en LIKE @q LIMIT 20',
  );
  const likeCourses = baseline.prepare(
    'SELECT id, title_zh, title_en FROM courses WHERE title_zh LIKE @q OR title_en LIKE @q LIMIT 20',
  );

  const queries = queryMix();
  // Warm both paths so neither pays for a cold page cache.
  for (const query of queries.slice(0, 100)) {
    index.search(query, 20);
    likeLessons.all({ q: `%${query}%` });
  }

  const indexed: number[] = [];
  let hits = 0;
  for (const query of queries) {
    started = performance.now();
    const found = index.search(query, 20);
    for (const hit of [...found.courses, ...found.lessons]) {
      highlightRanges(hit.title.zh, query);
      highlightRanges(hit.title.en, query);
    }
    indexed.push(performance.now() - started);
    hits += found.courses.length + found.lessons.length;
  }
  const scanned: number[] = [];
  for (const query of queries) {
    started = performance.now();
    likeCourses.all({ q: `%${query}%` });
    likeLessons.all({ q: `%${query}%` });
    scanned.push(performance.now() - started);
  }
  const a = percentiles(indexed);
  const b = percentiles(scanned);
  console.log(
    `search bench: ${LESSONS.toLocaleString('en')} lessons, ${COURSES.toLocaleString('en')} courses, ${QUERIES} typed queries (1–2 CJK chars, phrases, English prefixes, mixed)`,
  );
  console.log(
    `  index build: ${(buildMs / 1000).toFixed(2)} s (${Math.round((LESSONS + COURSES) / (buildMs / 1000)).toLocaleString('en')} docs/s)`,
  );
  console.log(
    `  FTS5 + bigrams (results ranked, with highlights): p50 ${ms(a.p50)}  p95 ${ms(a.p95)}  p99 ${ms(a.p99)}  max ${ms(a.max)}  (${(hits / QUERIES).toFixed(1)} hits/query)`,
  );
  console.log(
    `  baseline LIKE '%q%' scan (unranked, first 20):    p50 ${ms(b.p50)}  p95 ${ms(b.p95)}  p99 ${ms(b.p99)}  max ${ms(b.max)}`,
  );
  console.log(`  ratio index/baseline at p95: ${(a.p95 / b.p95).toFixed(3)}×  (goal: p95 < 10 ms)`);
  index.close();
  baseline.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
