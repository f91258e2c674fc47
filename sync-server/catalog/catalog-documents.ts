import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { coverMimeOf } from '../../common/authoring/content-limits.js';
import type { CourseDoc, CoverImage, LessonDoc, LocalizedText } from '../../common/collections/index.js';
import { referencePrice } from '../../common/money/reference-price.js';
import type { CatalogSource } from '../../common/catalog/catalog-source.js';

/** The size, SHA-256 and type of a cover file, read from its first bytes. */
export function coverOf(path: string): CoverImage {
  const body = readFileSync(path);
  const mime = coverMimeOf(body.subarray(0, 16));
  if (!mime) throw new Error(`${path} is not a JPEG, PNG or WebP image.`);
  return { sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length, mime };
}

const localized = (text: { 'zh-CN': string; en: string }): LocalizedText => ({ zh: text['zh-CN'], en: text.en });

/**
 * Turns an authored catalog into the replicated documents clients pull: one course with
 * its outline per course, one lesson per lesson with the size and SHA-256 of its body.
 */
export function catalogDocuments(
  catalog: CatalogSource,
  catalogPath: string,
): { courses: CourseDoc[]; lessons: LessonDoc[] } {
  const baseDir = dirname(catalogPath);
  const courses: CourseDoc[] = [];
  const lessons: LessonDoc[] = [];
  for (const course of catalog.courses) {
    const creator = catalog.creators.find((c) => c.id === course.creatorId)!;
    const category = catalog.categories.find((c) => c.id === course.categoryId)!;
    const updatedAt = Date.parse(course.publishedAt);
    let position = 0;
    let durationSeconds = 0;
    for (const section of course.sections) {
      for (const lesson of section.lessons) {
        const body = readFileSync(join(baseDir, lesson.file));
        durationSeconds += lesson.durationSeconds;
        lessons.push({
          id: lesson.id,
          courseId: course.id,
          sectionId: section.id,
          position: position++,
          kind: lesson.kind,
          title: localized(lesson.title),
          durationSeconds: lesson.durationSeconds,
          freePreview: lesson.freePreview,
          contentBytes: body.length,
          contentSha256: createHash('sha256').update(body).digest('hex'),
          updatedAt,
        });
      }
    }
    courses.push({
      id: course.id,
      creatorId: course.creatorId,
      creatorName: localized(creator.displayName),
      categoryId: course.categoryId,
      categoryName: localized(category.name),
      language: course.language,
      level: course.level,
      title: localized(course.title),
      subtitle: localized(course.subtitle),
      description: localized(course.description),
      priceAmount: course.price?.amount ?? 0,
      currency: course.price?.currency ?? 'CNY',
      priceReference: referencePrice(course.price?.amount ?? 0, course.price?.currency ?? 'CNY'),
      learnerCount: 0,
      creatorBio: localized(creator.bio),
      ...(course.outcomes ? { outcomes: course.outcomes.map(localized) } : {}),
      ...(course.requirements ? { requirements: course.requirements.map(localized) } : {}),
      ...(course.cover ? { cover: coverOf(join(baseDir, course.cover)) } : {}),
      tags: course.tags,
      sections: course.sections.map((section) => ({
        id: section.id,
        title: localized(section.title),
        lessonIds: section.lessons.map((l) => l.id),
      })),
      lessonCount: position,
      durationSeconds,
      ratingAverage: 0,
      ratingCount: 0,
      status: 'published',
      publishedAt: updatedAt,
      updatedAt,
    });
  }
  return { courses, lessons };
}
