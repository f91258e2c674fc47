import { sampleCourse, sampleLesson } from '../../main/core/database/samples.js';
import type { ReplicatedCollection } from '../replication/collection-rules.js';

type Doc = Record<string, unknown>;

/** A valid document of each replicated collection, written by (or about) `userId`. */
export function sampleDocument(collection: ReplicatedCollection, userId: string, suffix = '1'): Doc {
  const courseId = `course-${suffix}`;
  const base = { _deleted: false };
  switch (collection) {
    case 'courses':
      return { ...sampleCourse(courseId, { creatorId: userId }), ...base };
    case 'lessons':
      return { ...sampleLesson(courseId, 0), id: `lesson-${suffix}`, ...base };
    case 'entitlements':
      return {
        id: `ent-${suffix}`,
        userId,
        courseId,
        source: 'grant',
        grantedAt: 1,
        signature: 'sig',
        updatedAt: 1,
        ...base,
      };
    case 'orders':
      return {
        id: `ord-${suffix}`,
        userId,
        status: 'paid',
        items: [{ courseId, amount: 100, currency: 'CNY', refunded: false }],
        totalAmount: 100,
        currency: 'CNY',
        testMode: true,
        createdAt: 1,
        updatedAt: 1,
        ...base,
      };
    case 'ratings':
      // Ratings need a public course the learner may rate: a free course of the demo catalog.
      return {
        id: `${userId}:typography-screens`,
        userId,
        courseId: 'typography-screens',
        stars: 4,
        review: '讲得很清楚',
        createdAt: 1,
        updatedAt: 1,
        ...base,
      };
    case 'progress':
      return {
        id: `${userId}:${courseId}`,
        userId,
        courseId,
        lessons: [{ lessonId: 'l1', positionSeconds: 30, furthestSeconds: 60, completed: false, updatedAt: 1 }],
        completion: 0,
        updatedAt: 1,
        ...base,
      };
    case 'attempts':
      // An answer in a lesson the learner may open: a lesson of a free course of the demo catalog.
      return {
        id: `attempt-${userId}-${suffix}`,
        userId,
        courseId: 'typography-screens',
        lessonId: 'type-l1',
        questionId: 'q1',
        round: 'round-1',
        answer: { type: 'truefalse', value: true },
        correct: true,
        at: 1,
        updatedAt: 1,
        ...base,
      };
    case 'notes':
      return {
        id: `note-${userId}-${suffix}`,
        userId,
        courseId,
        lessonId: 'l1',
        kind: 'note',
        anchor: { type: 'time', start: 12 },
        body: '重点：背包问题',
        createdAt: 1,
        updatedAt: 1,
        ...base,
      };
    case 'reviews':
      return {
        id: `rev-${suffix}`,
        courseId,
        authorName: 'Lin',
        stars: 5,
        text: 'Great',
        createdAt: 1,
        updatedAt: 1,
        ...base,
      };
    case 'coursedrafts':
      return {
        id: courseId,
        creatorId: userId,
        title: { zh: '草稿', en: 'Draft' },
        subtitle: { zh: '', en: '' },
        description: { zh: '', en: '' },
        categoryId: 'programming',
        categoryName: { zh: '编程', en: 'Programming' },
        tags: [],
        language: 'zh-CN',
        level: 'beginner',
        priceAmount: 0,
        currency: 'CNY',
        sections: [],
        lessons: [],
        draftRevision: 1,
        state: 'draft',
        updatedAt: 1,
        ...base,
      };
    case 'humans':
      return { passportId: `human-${suffix}`, firstName: 'Lin', lastName: 'Xiao', age: 30, ...base };
  }
}
