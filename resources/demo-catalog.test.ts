import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogSourceSchema, LESSON_KINDS } from '../common/catalog/catalog-source.js';
import { demoCatalogPath } from '../tests/helpers.js';

const catalogDir = join(demoCatalogPath, '..');
const catalog = catalogSourceSchema.parse(JSON.parse(readFileSync(demoCatalogPath, 'utf8')));
const lessons = catalog.courses.flatMap((course) =>
  course.sections.flatMap((section) => section.lessons.map((lesson) => ({ course, lesson }))),
);
const CJK = /[\u4e00-\u9fff]/;

const MAGIC: Record<string, (bytes: Buffer) => boolean> = {
  pdf: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  audio: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp',
  video: (b) => b.readUInt32BE(0) === 0x1a45dfa3,
  text: (b) => b.toString('utf8').startsWith('# '),
};

describe('the demo catalog', () => {
  it('is a realistic catalog: 12+ courses in several categories, paid and free, in both languages', () => {
    expect(catalog.courses.length).toBeGreaterThanOrEqual(12);
    expect(new Set(catalog.courses.map((c) => c.categoryId)).size).toBeGreaterThanOrEqual(5);
    expect(catalog.courses.some((c) => c.price === null)).toBe(true);
    expect(new Set(catalog.courses.flatMap((c) => (c.price ? [c.price.currency] : []))).size).toBeGreaterThan(1);
    expect(new Set(catalog.courses.map((c) => c.language))).toEqual(new Set(['zh-CN', 'en']));
    for (const course of catalog.courses) {
      expect(course.title['zh-CN']).toMatch(CJK);
      expect(course.title.en).not.toMatch(CJK);
    }
  });

  it('has lessons of every kind and a free preview in every course', () => {
    expect(new Set(lessons.map(({ lesson }) => lesson.kind))).toEqual(new Set(LESSON_KINDS));
    for (const course of catalog.courses) {
      expect(course.sections.some((s) => s.lessons.some((l) => l.freePreview))).toBe(true);
    }
  });

  it('ships every lesson file, of the type its kind says, small enough to bundle', () => {
    for (const { lesson } of lessons) {
      const path = join(catalogDir, lesson.file);
      const size = statSync(path).size;
      expect(size, lesson.file).toBeGreaterThan(100);
      expect(size, lesson.file).toBeLessThan(1024 * 1024);
      expect(MAGIC[lesson.kind]!(readFileSync(path)), lesson.file).toBe(true);
    }
  });

  it('writes text lessons in the course’s own language', () => {
    for (const { course, lesson } of lessons.filter(({ lesson }) => lesson.kind === 'text')) {
      const body = readFileSync(join(catalogDir, lesson.file), 'utf8');
      const cjkShare = [...body].filter((ch) => CJK.test(ch)).length / body.length;
      if (course.language === 'zh-CN') expect(cjkShare, lesson.file).toBeGreaterThan(0.2);
      else expect(cjkShare, lesson.file).toBeLessThan(0.1);
    }
  });

  it('is refused when it points outside its folder or at the wrong file type', () => {
    const raw = JSON.parse(readFileSync(demoCatalogPath, 'utf8')) as {
      courses: { sections: { lessons: { file: string }[] }[] }[];
    };
    raw.courses[0]!.sections[0]!.lessons[0]!.file = '../../etc/passwd.md';
    expect(catalogSourceSchema.safeParse(raw).success).toBe(false);
    raw.courses[0]!.sections[0]!.lessons[0]!.file = 'media/algo-l2.webm';
    expect(catalogSourceSchema.safeParse(raw).success).toBe(false);
  });
});
