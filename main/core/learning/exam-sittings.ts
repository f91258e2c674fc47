import { randomUUID } from 'node:crypto';
import { combineLatest, map, Observable } from 'rxjs';
import type { ExamSittingDoc, LessonDoc } from '../../../common/collections/index.js';
import type { ExamState } from '../../../common/contract/exams.js';
import { AppError } from '../../../common/errors.js';
import { parseExamPaper, type ExamPaper } from '../../../common/exercises/exam-paper.js';
import { sittingDeadline, startRefusal } from '../../../common/exercises/exam-sitting.js';
import type { Answer } from '../../../common/exercises/questions.js';
import type { ExamResult } from '../../../common/server-api/exams.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { DownloadManager } from '../downloads/download-manager.js';
import { saveProgress } from './progress.js';
import { findLesson } from '../catalog/lesson-cache.js';

/** A paper above this size is refused rather than read. */
const MAX_PAPER_BYTES = 2 * 1024 * 1024;
const resultsId = (userId: string) => `exam-results:${userId}`;

/**
 * Exams on the device: the key-free paper read from the downloaded lesson, a sitting started,
 * answered (each answer saved at once, so a crash resumes it) and sealed — by the learner, or
 * when its time runs out, even if the app was closed then — online or offline. The device
 * cannot grade (it has no key): sealed sittings sync, the server grades them, and the results
 * are fetched and kept on the device, so they show offline too. A passed exam completes its lesson.
 */
export function createExamSittings(deps: {
  db: ClientDatabase;
  downloads: DownloadManager;
  now: () => number;
  /** The signed-in learner's results from the server (throws when it cannot be reached). */
  fetchResults: () => Promise<ExamResult[]>;
  /** Told of work done in the background that failed (sealing a sitting, reading a paper). */
  onError?: (what: string, error: unknown) => void;
}) {
  const report = (what: string) => (error: unknown) => deps.onError?.(what, error);
  const { db, now } = deps;
  // Writes to sittings run one at a time: each reads its sitting and writes it back whole, so two
  // answers given in quick succession must not both start from the same version.
  let writes: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writes.then(work, work);
    // The queue moves on after a failed write; the failure itself goes to that write's caller.
    writes = next.catch(() => undefined);
    return next;
  };

  async function paperOf(lesson: LessonDoc): Promise<ExamPaper> {
    if (lesson.kind !== 'exam') throw new AppError('INVALID_INPUT', 'This lesson is not an exam.');
    if (lesson.contentBytes > MAX_PAPER_BYTES) throw new AppError('STORAGE_FAILED', 'This exam is too large.');
    const downloaded = deps.downloads.view$.value.items.find((item) => item.lessonId === lesson.id);
    if (downloaded?.status !== 'complete') await deps.downloads.download(lesson.id);
    const paper = parseExamPaper((await deps.downloads.read(lesson.id, 0, lesson.contentBytes - 1)).toString('utf8'));
    if (!paper) throw new AppError('STORAGE_FAILED', 'This exam could not be read; download it again.');
    return paper;
  }

  const sittingsOf = async (userId: string, lessonId: string) =>
    (await db.examsittings.find({ selector: { lessonId } }).exec())
      .map((doc) => doc.toJSON() as ExamSittingDoc)
      .filter((s) => s.userId === userId);

  async function remembered(userId: string): Promise<ExamResult[]> {
    return ((await db.localstate.findOne(resultsId(userId)).exec())?.value as ExamResult[] | undefined) ?? [];
  }

  /** Seals an open sitting whose time is up, at its deadline, with the answers it had then. */
  async function sealIfOverdue(sitting: ExamSittingDoc, rules: ExamPaper): Promise<ExamSittingDoc> {
    const deadline = sittingDeadline(rules, sitting.startedAt);
    if (sitting.status !== 'open' || deadline === null || now() < deadline) return sitting;
    const sealed: ExamSittingDoc = {
      ...sitting,
      status: 'submitted',
      submittedAt: deadline,
      sealedBy: 'time',
      updatedAt: now(),
    };
    await db.examsittings.upsert(sealed);
    return sealed;
  }

  /** Seals a sitting if its time ran out, reading it afresh in the write queue (an answer may have been saved since). */
  const sealOverdue = (sittingId: string, rules: ExamPaper) =>
    serially(async () => {
      const current = (await db.examsittings.findOne(sittingId).exec())?.toJSON();
      if (current) await sealIfOverdue(current, rules);
    });

  async function openSitting(
    userId: string,
    sittingId: string,
  ): Promise<{ sitting: ExamSittingDoc; paper: ExamPaper }> {
    const found = (await db.examsittings.findOne(sittingId).exec())?.toJSON();
    if (!found || found.userId !== userId) throw new AppError('NOT_FOUND', 'No such sitting on this device.');
    const lesson = await findLesson(db, found.lessonId);
    if (!lesson) throw new AppError('NOT_FOUND', 'This exam is not on the device; sync first.');
    const paper = await paperOf(lesson);
    const sitting = await sealIfOverdue(found, paper);
    if (sitting.status !== 'open') throw new AppError('CONFLICT', 'This sitting is sealed; its answers cannot change.');
    return { sitting, paper };
  }

  /** Marks passed exams' lessons completed (never taken back: a pass stays a pass). */
  async function completePassed(userId: string, results: ExamResult[]): Promise<void> {
    for (const result of results) {
      if (result.status !== 'graded' || !result.passed) continue;
      const lesson = await findLesson(db, result.lessonId);
      if (lesson) await saveProgress(db, userId, lesson, { lessonId: lesson.id, position: 0, completed: true }, now());
    }
  }

  async function answerNow(userId: string, input: { sittingId: string; questionId: string; answer: Answer | null }) {
    const { sitting, paper } = await openSitting(userId, input.sittingId);
    if (!paper.questions.some((q) => q.id === input.questionId))
      throw new AppError('NOT_FOUND', 'This question is not on the paper.');
    const answers = { ...sitting.answers };
    if (input.answer) answers[input.questionId] = input.answer;
    else delete answers[input.questionId];
    await db.examsittings.upsert({ ...sitting, answers, updatedAt: now() });
    return { answered: Object.keys(answers).length };
  }

  async function submitNow(userId: string, sittingId: string): Promise<void> {
    let opened: Awaited<ReturnType<typeof openSitting>>;
    try {
      opened = await openSitting(userId, sittingId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') return; // sealed already (or just now, by time)
      throw error;
    }
    const at = now();
    await db.examsittings.upsert({
      ...opened.sitting,
      status: 'submitted',
      submittedAt: at,
      sealedBy: 'learner',
      updatedAt: at,
    });
  }

  return {
    paperOf,

    async start(userId: string, lesson: LessonDoc): Promise<{ sittingId: string }> {
      const paper = await paperOf(lesson);
      for (const s of await sittingsOf(userId, lesson.id)) await sealOverdue(s.id, paper);
      const sittings = await sittingsOf(userId, lesson.id);
      const results = await remembered(userId);
      const voided = new Set(results.filter((r) => r.status === 'void').map((r) => r.sittingId));
      const refusal = startRefusal(
        paper,
        sittings.map((s) => ({ status: s.status, voided: voided.has(s.id) })),
        now(),
      );
      if (refusal) throw new AppError('CONFLICT', `This exam cannot start now (${refusal}).`, [refusal]);
      const at = now();
      const sitting: ExamSittingDoc = {
        id: `sitting-${randomUUID()}`,
        userId,
        courseId: lesson.courseId,
        lessonId: lesson.id,
        paperSha256: lesson.contentSha256,
        startedAt: at,
        answers: {},
        status: 'open',
        submittedAt: 0,
        updatedAt: at,
      };
      await db.examsittings.insert(sitting);
      return { sittingId: sitting.id };
    },

    answer(userId: string, input: { sittingId: string; questionId: string; answer: Answer | null }) {
      return serially(() => answerNow(userId, input));
    },

    /** Seals a sitting: now, by the learner — or at its deadline when its time already ran out. Sealing twice is harmless. */
    submit(userId: string, sittingId: string): Promise<void> {
      return serially(() => submitNow(userId, sittingId));
    },

    /** Asks the server for results (it grades what it has received first) and keeps them; false when offline. */
    async refreshResults(userId: string): Promise<boolean> {
      let results: ExamResult[];
      try {
        results = await deps.fetchResults();
      } catch (error) {
        if (error instanceof AppError && (error.code === 'SERVER_UNREACHABLE' || error.code === 'SERVER_ERROR'))
          return false;
        throw error;
      }
      await db.localstate.upsert({ id: resultsId(userId), value: results, updatedAt: now() });
      await completePassed(userId, results);
      return true;
    },

    /**
     * Whether any sealed sitting on the device still waits for its result — after sealing the
     * open ones whose time ran out (a sitting left open in an exam never reopened still gets graded).
     */
    async waitingForResults(userId: string): Promise<boolean> {
      const open = (await db.examsittings.find({ selector: { status: 'open' } }).exec())
        .map((doc) => doc.toJSON() as ExamSittingDoc)
        .filter((s) => s.userId === userId);
      for (const sitting of open) {
        const lesson = await findLesson(db, sitting.lessonId);
        if (lesson)
          await paperOf(lesson)
            .then((paper) => sealOverdue(sitting.id, paper))
            .catch(report('sealing a sitting whose time ran out'));
      }
      const results = new Set((await remembered(userId)).map((r) => r.sittingId));
      const sealed = (await db.examsittings.find({ selector: { status: 'submitted' } }).exec()).map(
        (doc) => doc.toJSON() as ExamSittingDoc,
      );
      return sealed.some((s) => s.userId === userId && !results.has(s.id));
    },

    /** One exam as the learner sees it, live: the paper, their sittings, results, and whether a sitting may start. */
    watch(userId: string, lesson: LessonDoc): Observable<ExamState> {
      // An unreadable paper shows as none (the exam view says so); why is logged.
      const paper = paperOf(lesson).catch((error: unknown) => {
        report('reading an exam paper')(error);
        return null;
      });
      const sittings$ = db.examsittings.find({ selector: { lessonId: lesson.id }, sort: [{ startedAt: 'asc' }] }).$;
      const results$ = db.localstate.findOne(resultsId(userId)).$;
      return combineLatest([sittings$, results$]).pipe(
        map(([sittingDocs, resultsDoc]) => ({
          sittings: sittingDocs.map((doc) => doc.toJSON() as ExamSittingDoc).filter((s) => s.userId === userId),
          results: ((resultsDoc?.value as ExamResult[] | undefined) ?? []).filter((r) => r.lessonId === lesson.id),
        })),
        (source) =>
          new Observable<ExamState>((subscriber) => {
            let read: ExamPaper | null | undefined;
            let latest: { sittings: ExamSittingDoc[]; results: ExamResult[] } | undefined;
            const send = () => {
              if (read === undefined || !latest) return;
              const voided = new Set(latest.results.filter((r) => r.status === 'void').map((r) => r.sittingId));
              subscriber.next({
                paper: read,
                sittings: latest.sittings.map((s) => ({
                  id: s.id,
                  status: s.status,
                  startedAt: s.startedAt,
                  submittedAt: s.submittedAt,
                  deadline: read ? sittingDeadline(read, s.startedAt) : null,
                  answers: s.answers as Record<string, Answer>,
                  ...(s.sealedBy ? { sealedBy: s.sealedBy } : {}),
                })),
                results: latest.results,
                refusal: read
                  ? startRefusal(
                      read,
                      latest.sittings.map((s) => ({ status: s.status, voided: voided.has(s.id) })),
                      now(),
                    )
                  : null,
              });
            };
            // A sitting whose time ran out (while the app was closed, or while it is watched) is sealed as
            // soon as it is seen; the sealed sitting then arrives here like any other change.
            const sealDue = () => {
              if (!read || !latest) return;
              for (const s of latest.sittings) {
                const deadline = sittingDeadline(read, s.startedAt);
                if (s.status === 'open' && deadline !== null && now() >= deadline)
                  void sealOverdue(s.id, read).catch(report('sealing a watched sitting whose time ran out'));
              }
            };
            void paper.then((value) => {
              read = value;
              sealDue();
              send();
            });
            const subscription = source.subscribe((value) => {
              latest = value;
              sealDue();
              send();
            });
            return () => subscription.unsubscribe();
          }),
      );
    },
  };
}

export type ExamSittings = ReturnType<typeof createExamSittings>;
