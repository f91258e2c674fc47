import { referencePrice } from '../../../common/money/reference-price.js';
import type { CourseDoc, LessonDoc } from '../../../common/collections/index.js';

/** Valid documents for tests and benchmarks; override any field. */
export function sampleCourse(id: string, patch: Partial<CourseDoc> = {}): CourseDoc {
  return {
    id,
    creatorId: 'creator-1',
    creatorName: { zh: '林晓', en: 'Lin Xiao' },
    categoryId: 'programming',
    categoryName: { zh: '编程开发', en: 'Programming' },
    language: 'zh-CN',
    level: 'beginner',
    title: { zh: `课程 ${id}`, en: `Course ${id}` },
    subtitle: { zh: '副标题', en: 'Subtitle' },
    description: { zh: '描述', en: 'Description' },
    priceAmount: 9900,
    currency: 'CNY',
    tags: [],
    sections: [{ id: `${id}-s1`, title: { zh: '第一章', en: 'Chapter 1' }, lessonIds: [] }],
    lessonCount: 0,
    durationSeconds: 0,
    ratingAverage: 0,
    ratingCount: 0,
    status: 'published',
    publishedAt: 1,
    updatedAt: 1,
    priceReference: referencePrice(patch.priceAmount ?? 9900, patch.currency ?? 'CNY'),
    learnerCount: 0,
    ...patch,
  };
}

export function sampleLesson(courseId: string, position: number, patch: Partial<LessonDoc> = {}): LessonDoc {
  return {
    id: `${courseId}-l${position}`,
    courseId,
    sectionId: `${courseId}-s1`,
    position,
    kind: 'text',
    title: { zh: `第 ${position + 1} 课`, en: `Lesson ${position + 1}` },
    durationSeconds: 300,
    freePreview: position === 0,
    contentBytes: 0,
    contentSha256: '',
    updatedAt: 1,
    ...patch,
  };
}
