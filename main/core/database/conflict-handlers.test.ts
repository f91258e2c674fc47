import { describe, expect, it } from 'vitest';
import type { ExamSittingDoc } from '../../../common/collections/index.js';
import { examSittingConflictHandler } from './conflict-handlers.js';

type Sitting = ExamSittingDoc & { _deleted: boolean };
const open = (updatedAt: number, answers: ExamSittingDoc['answers']): Sitting => ({
  id: 'sitting-1',
  userId: 'u1',
  courseId: 'c1',
  lessonId: 'l1',
  paperSha256: 'a'.repeat(64),
  startedAt: 1_000,
  answers,
  status: 'open',
  submittedAt: 0,
  updatedAt,
  _deleted: false,
});
const sealed = (doc: Sitting, at: number, sealedBy: 'learner' | 'time' = 'learner'): Sitting => ({
  ...doc,
  status: 'submitted',
  submittedAt: at,
  sealedBy,
  updatedAt: at,
});
const resolve = (master: Sitting, local: Sitting) =>
  examSittingConflictHandler.resolve({ realMasterState: master, newDocumentState: local }, 'test');

describe('an exam sitting changed on two devices', () => {
  const q1 = { q1: { type: 'truefalse', value: true } };
  const q2 = { ...q1, q2: { type: 'truefalse', value: false } };

  it('stays sealed by this device when another saved answers meanwhile: the submission is not undone', async () => {
    const mine = sealed(open(2_000, q1), 3_000);
    expect(await resolve(open(4_000, q2), mine)).toEqual(mine);
  });

  it('keeps the server’s seal over anything this device has, sealed or not', async () => {
    const theirs = sealed(open(2_000, q2), 2_500, 'time');
    expect(await resolve(theirs, open(5_000, q1))).toEqual(theirs);
    expect(await resolve(theirs, sealed(open(5_000, q1), 6_000))).toEqual(theirs);
  });

  it('takes the later of two open versions, the server’s on a tie', async () => {
    expect(await resolve(open(2_000, q1), open(3_000, q2))).toEqual(open(3_000, q2));
    expect(await resolve(open(3_000, q1), open(2_000, q2))).toEqual(open(3_000, q1));
    expect((await resolve(open(3_000, q1), open(3_000, q2))).answers).toEqual(q1);
  });
});
