/**
 * Building blocks shared by the collection schemas. RxDB needs `maxLength` on indexed
 * strings and `minimum`/`maximum`/`multipleOf` on indexed numbers to build index keys.
 */
export const id = { type: 'string', maxLength: 100 } as const;
export const shortText = (maxLength: number) => ({ type: 'string', maxLength }) as const;
/** UI text in both languages. Keys are `zh` and `en` because RxDB field names cannot contain `-`. */
export interface LocalizedText {
  zh: string;
  en: string;
}
export const localizedText = {
  type: 'object',
  properties: { zh: { type: 'string' }, en: { type: 'string' } },
  required: ['zh', 'en'],
  additionalProperties: false,
} as const;
/** Milliseconds since the epoch, indexable. */
export const timestamp = { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 } as const;
export const optionalTimestamp = { type: 'number', minimum: 0, maximum: 1e15 } as const;
/** Money in integer minor units (fen, cents). */
export const minorUnits = { type: 'integer', minimum: 0, maximum: 1e12, multipleOf: 1 } as const;
export const currency = { type: 'string', enum: ['CNY', 'USD', 'EUR'], maxLength: 3 } as const;
export const LESSON_KIND_VALUES = ['text', 'pdf', 'audio', 'video', 'exercise', 'exam'] as const;
/** Kinds whose body is written in the editor and kept in the draft's `text`: Markdown, or an exercise's or exam's JSON. */
export function hasTextBody(kind: (typeof LESSON_KIND_VALUES)[number]): kind is 'text' | 'exercise' | 'exam' {
  return kind === 'text' || kind === 'exercise' || kind === 'exam';
}

/**
 * What completes a course, as its creator sets it: every lesson of the kind done — reading,
 * listening and watching lessons finished, exercises mastered, exams passed. A course
 * without rules asks for all three (of the kinds it has).
 */
export interface CompletionRules {
  lessons: boolean;
  exercises: boolean;
  exams: boolean;
}
export const completionRulesSchema = {
  type: 'object',
  properties: { lessons: { type: 'boolean' }, exercises: { type: 'boolean' }, exams: { type: 'boolean' } },
  required: ['lessons', 'exercises', 'exams'],
} as const;
