import type { DraftLesson } from '../collections/authoring.js';
import { examPaperText, type Sha256Hex } from '../exercises/exam-paper.js';
import { parseExam } from '../exercises/exam.js';

/**
 * What a lesson written in the editor publishes as, for learners to download: a text
 * lesson's Markdown and an exercise's JSON as written; an exam's key-free paper, never the
 * exam itself (null when the exam is not valid). The creator's device (to say what a
 * publish changes) and the server (to publish) use this one function.
 */
export function publishedBody(lesson: Pick<DraftLesson, 'kind' | 'text'>, hash: Sha256Hex): string | null {
  if (lesson.kind !== 'exam') return lesson.text ?? '';
  const exam = parseExam(lesson.text ?? '');
  return exam ? examPaperText(exam, hash) : null;
}
