import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CourseDoc, LessonDoc, LocalizedText } from '../../common/collections/index.js';
import type { CatalogSource } from '../../common/catalog/catalog-source.js';

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
