import { newExerciseBody } from '../../../common/exercises/questions.js';
import { newExamBody } from '../../../common/exercises/exam.js';
import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { applyTheirs } from '../../../common/authoring/draft-merge.js';
import { moveLesson, moveSection, removeFromOutline } from '../../../common/authoring/outline-edits.js';
import type { CourseDraftDoc, CoverImage, DraftLesson } from '../../../common/collections/index.js';
import type { draftPatchSchema, lessonPatchSchema } from '../../../common/contract/authoring.js';
import { AppError } from '../../../common/errors.js';
import type { ClientDatabase } from '../database/open-client-database.js';

/** How many earlier versions of a draft this device keeps for undo. */
const UNDO_DEPTH = 50;
const undoKey = (courseId: string) => `undo:${courseId}`;

type Edit = (draft: CourseDraftDoc) => CourseDraftDoc;

/**
 * Every change a creator makes to a draft: applied to the local database at once (it
 * autosaves, offline), counted as a new revision, and remembered on this device so it can
 * be undone. Sync carries the draft to the creator's other devices.
 */
export function createDraftEditor(deps: { db: ClientDatabase; userId: () => string; now: () => number }) {
  async function stack(courseId: string): Promise<CourseDraftDoc[]> {
    return ((await deps.db.localstate.findOne(undoKey(courseId)).exec())?.value as CourseDraftDoc[] | undefined) ?? [];
  }

  async function edit(courseId: string, change: Edit, options: { remember?: boolean } = {}): Promise<CourseDraftDoc> {
    const doc = await deps.db.coursedrafts.findOne(courseId).exec();
    if (doc?.creatorId !== deps.userId()) throw new AppError('NOT_FOUND', 'There is no draft of yours with this id.');
    const before = doc.toJSON() as CourseDraftDoc;
    const saved = await doc.incrementalModify((current) => {
      const next = change(structuredClone(current as CourseDraftDoc));
      return {
        ...next,
        draftRevision: (current as CourseDraftDoc).draftRevision + 1,
        updatedAt: Math.max(deps.now(), (current as CourseDraftDoc).updatedAt + 1),
      };
    });
    if (options.remember !== false) {
      const history = [...(await stack(courseId)), before].slice(-UNDO_DEPTH);
      await deps.db.localstate.upsert({ id: undoKey(courseId), value: history, updatedAt: deps.now() });
    }
    return saved.toJSON() as CourseDraftDoc;
  }

  const lessonOf = (draft: CourseDraftDoc, lessonId: string): DraftLesson => {
    const lesson = draft.lessons.find((l) => l.id === lessonId);
    if (!lesson) throw new AppError('NOT_FOUND', 'This lesson is not in the draft.');
    return lesson;
  };
  const sectionExists = (draft: CourseDraftDoc, sectionId: string) => {
    if (!draft.sections.some((s) => s.id === sectionId))
      throw new AppError('NOT_FOUND', 'This section is not in the draft.');
  };

  return {
    async create(title?: { zh: string; en: string }): Promise<CourseDraftDoc> {
      const now = deps.now();
      const draft: CourseDraftDoc = {
        id: `course-${randomUUID()}`,
        creatorId: deps.userId(),
        title: title ?? { zh: '', en: '' },
        subtitle: { zh: '', en: '' },
        description: { zh: '', en: '' },
        categoryId: '',
        categoryName: { zh: '', en: '' },
        tags: [],
        language: 'zh-CN',
        level: 'beginner',
        priceAmount: 0,
        currency: 'CNY',
        sections: [{ id: `sec-${randomUUID()}`, title: { zh: '第一章', en: 'Chapter 1' }, lessonIds: [] }],
        lessons: [],
        draftRevision: 1,
        state: 'draft',
        updatedAt: now,
      };
      return (await deps.db.coursedrafts.insert(draft)).toJSON() as CourseDraftDoc;
    },
    update(patch: z.output<typeof draftPatchSchema>) {
      const { courseId, ...fields } = patch;
      return edit(courseId, (draft) => ({
        ...draft,
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      }));
    },
    addSection(courseId: string, title: { zh: string; en: string }) {
      return edit(courseId, (draft) => ({
        ...draft,
        sections: [...draft.sections, { id: `sec-${randomUUID()}`, title, lessonIds: [] }],
      }));
    },
    renameSection(courseId: string, sectionId: string, title: { zh: string; en: string }) {
      return edit(courseId, (draft) => {
        sectionExists(draft, sectionId);
        return { ...draft, sections: draft.sections.map((s) => (s.id === sectionId ? { ...s, title } : s)) };
      });
    },
    moveSection(courseId: string, from: number, to: number) {
      return edit(courseId, (draft) => ({ ...draft, sections: moveSection(draft.sections, from, to) }));
    },
    addLesson(courseId: string, sectionId: string, kind: DraftLesson['kind'], title: { zh: string; en: string }) {
      return edit(courseId, (draft) => {
        sectionExists(draft, sectionId);
        const lesson: DraftLesson = {
          id: `lesson-${randomUUID()}`,
          kind,
          title,
          freePreview: false,
          durationSeconds: 0,
          ...(kind === 'text'
            ? { text: '' }
            : kind === 'exercise'
              ? { text: newExerciseBody() }
              : kind === 'exam'
                ? { text: newExamBody(randomBytes(16).toString('hex')) }
                : {}),
        };
        return {
          ...draft,
          lessons: [...draft.lessons, lesson],
          sections: draft.sections.map((s) =>
            s.id === sectionId ? { ...s, lessonIds: [...s.lessonIds, lesson.id] } : s,
          ),
        };
      });
    },
    updateLesson(patch: z.output<typeof lessonPatchSchema>, options: { remember?: boolean } = {}) {
      const { courseId, lessonId, ...fields } = patch;
      return edit(
        courseId,
        (draft) => {
          lessonOf(draft, lessonId);
          return {
            ...draft,
            lessons: draft.lessons.map((l) => {
              if (l.id !== lessonId) return l;
              const next = { ...l, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
              // null takes a scheduled release away: the lesson comes out with the course.
              if (fields.releaseAt === null) delete next.releaseAt;
              return next;
            }),
          };
        },
        options,
      );
    },
    setMedia(courseId: string, lessonId: string, media: NonNullable<DraftLesson['media']>, durationSeconds?: number) {
      return edit(courseId, (draft) => {
        lessonOf(draft, lessonId);
        return {
          ...draft,
          lessons: draft.lessons.map((l) =>
            l.id === lessonId ? { ...l, media, ...(durationSeconds === undefined ? {} : { durationSeconds }) } : l,
          ),
        };
      });
    },
    setCover(courseId: string, cover: CoverImage) {
      return edit(courseId, (draft) => ({ ...draft, cover }));
    },
    moveLesson(courseId: string, lessonId: string, toSectionId: string, index: number) {
      return edit(courseId, (draft) => {
        lessonOf(draft, lessonId);
        sectionExists(draft, toSectionId);
        return { ...draft, sections: moveLesson(draft.sections, lessonId, toSectionId, index) };
      });
    },
    removeLesson(courseId: string, lessonId: string) {
      return edit(courseId, (draft) => {
        lessonOf(draft, lessonId);
        return {
          ...draft,
          sections: removeFromOutline(draft.sections, lessonId),
          lessons: draft.lessons.filter((l) => l.id !== lessonId),
        };
      });
    },
    /** Records what the server published. This bookkeeping is itself a revision: if nothing was edited meanwhile, that one is the published one. */
    markPublished(courseId: string, draftRevision: number, state: CourseDraftDoc['state']) {
      return edit(
        courseId,
        (draft) => ({
          ...draft,
          state,
          publishedRevision: draft.draftRevision === draftRevision ? draftRevision + 1 : draftRevision,
        }),
        { remember: false },
      );
    },
    /** Settles a field both devices changed: keep this version, or take the other device's. */
    resolveConflict(courseId: string, field: string, use: 'mine' | 'theirs') {
      return edit(courseId, (draft) => {
        const conflict = draft.conflicts?.find((c) => c.field === field);
        if (!conflict) throw new AppError('NOT_FOUND', 'This conflict is already resolved.');
        const next = use === 'theirs' ? applyTheirs(draft, conflict) : draft;
        const rest = (draft.conflicts ?? []).filter((c) => c !== conflict);
        if (rest.length > 0) next.conflicts = rest;
        else delete next.conflicts;
        return next;
      });
    },
    /** Restores the version before the last edit made on this device (as a new revision, so it syncs like any edit). */
    async undo(courseId: string): Promise<CourseDraftDoc> {
      const history = await stack(courseId);
      const previous = history.at(-1);
      if (!previous) throw new AppError('CONFLICT', 'There is nothing to undo.');
      const restored = await edit(
        courseId,
        (draft) => ({
          ...previous,
          state: draft.state,
          ...(draft.publishedRevision === undefined ? {} : { publishedRevision: draft.publishedRevision }),
        }),
        { remember: false },
      );
      await deps.db.localstate.upsert({ id: undoKey(courseId), value: history.slice(0, -1), updatedAt: deps.now() });
      return restored;
    },
    undoDepth: async (courseId: string) => (await stack(courseId)).length,
  };
}

export type DraftEditor = ReturnType<typeof createDraftEditor>;
