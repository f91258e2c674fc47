import { randomUUID } from 'node:crypto';
import type { CourseDoc, LessonDoc, NoteDoc } from '../../../common/collections/index.js';
import type { z } from 'zod';
import type { noteInputSchema } from '../../../common/contract/learning.js';
import { AppError } from '../../../common/errors.js';
import type { ClientDatabase } from '../database/open-client-database.js';

type NoteInput = z.output<typeof noteInputSchema>;

/** Creates or edits a note, highlight or bookmark of the signed-in learner. */
export async function saveNote(
  db: ClientDatabase,
  userId: string,
  lesson: LessonDoc,
  input: NoteInput,
  now: number,
): Promise<NoteDoc> {
  const anchor = { ...input.anchor };
  if (input.id) {
    const existing = await db.notes.findOne(input.id).exec();
    if (!existing || existing.userId !== userId) throw new AppError('NOT_FOUND', 'This note no longer exists.');
    const updated = await existing.incrementalModify((doc) => {
      const next: NoteDoc = { ...(doc as NoteDoc), kind: input.kind, anchor, body: input.body, updatedAt: now };
      if (input.color) next.color = input.color;
      return next;
    });
    return updated.toJSON();
  }
  const note: NoteDoc = {
    id: `note-${randomUUID()}`,
    userId,
    courseId: lesson.courseId,
    lessonId: lesson.id,
    kind: input.kind,
    anchor,
    body: input.body,
    createdAt: now,
    updatedAt: now,
  };
  if (input.color) note.color = input.color;
  return (await db.notes.insert(note)).toJSON();
}

export async function deleteNote(db: ClientDatabase, userId: string, id: string): Promise<void> {
  const existing = await db.notes.findOne(id).exec();
  if (!existing || existing.userId !== userId) throw new AppError('NOT_FOUND', 'This note no longer exists.');
  await existing.remove();
}

const clock = (seconds: number) => {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s % 60).padStart(2, '0')}`;
};

/** Where a note sits, in the words of the export's language. */
function anchorLabel(note: NoteDoc, language: 'zh-CN' | 'en'): string {
  if (note.anchor.type === 'time') return clock(note.anchor.start);
  if (note.anchor.type === 'page')
    return language === 'zh-CN' ? `第 ${note.anchor.start} 页` : `page ${note.anchor.start}`;
  return '';
}

/** Markdown text is escaped where a note's own text could be read as structure. */
const escapeInline = (text: string) => text.replace(/([\\`*_[\]#<>|])/g, '\\$1');

/**
 * The learner's notes of a course as a Markdown document: one section per lesson in
 * outline order, highlights as quotes, bookmarks and timestamps labelled.
 */
export function notesToMarkdown(
  course: CourseDoc,
  lessons: LessonDoc[],
  notes: NoteDoc[],
  language: 'zh-CN' | 'en',
): string {
  const pick = (text: { zh: string; en: string }) => (language === 'zh-CN' ? text.zh || text.en : text.en || text.zh);
  const words =
    language === 'zh-CN'
      ? { title: '笔记', highlight: '划线', bookmark: '书签', note: '笔记', exported: '导出于', none: '还没有笔记。' }
      : {
          title: 'Notes',
          highlight: 'Highlight',
          bookmark: 'Bookmark',
          note: 'Note',
          exported: 'Exported',
          none: 'No notes yet.',
        };
  const lines = [`# ${escapeInline(pick(course.title))} — ${words.title}`, ''];
  if (notes.length === 0) lines.push(words.none, '');
  for (const lesson of lessons) {
    const own = notes
      .filter((note) => note.lessonId === lesson.id)
      .sort((a, b) => a.anchor.start - b.anchor.start || a.createdAt - b.createdAt);
    if (own.length === 0) continue;
    lines.push(`## ${escapeInline(pick(lesson.title))}`, '');
    for (const note of own) {
      const where = anchorLabel(note, language);
      const label = `**${words[note.kind]}${where ? ` · ${where}` : ''}**`;
      lines.push(label);
      if (note.anchor.quote) lines.push('', ...note.anchor.quote.split('\n').map((line) => `> ${line}`));
      if (note.body.trim()) lines.push('', note.body.trim());
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
