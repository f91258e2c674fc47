import { z } from 'zod';

/**
 * Questions of an exercise, as a creator writes them and a device grades them. Prompts,
 * options and explanations are Markdown (images by URL of uploaded media, formulas as
 * `$…$`, rendered like text lessons). Every question and option has an id, stable across
 * edits, so attempts recorded against them keep their meaning.
 */
const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const markdown = z.string().trim().min(1).max(20_000);
const option = z.object({ id, text: markdown }).strict();
const explanation = z.string().trim().max(20_000).optional();

export const questionSchema = z.discriminatedUnion('type', [
  z
    .object({
      id,
      type: z.literal('single'),
      prompt: markdown,
      options: z.array(option).min(2).max(12),
      correct: id,
      explanation,
    })
    .strict()
    .refine((q) => q.options.some((o) => o.id === q.correct), 'the correct option must be one of the options'),
  z
    .object({
      id,
      type: z.literal('multiple'),
      prompt: markdown,
      options: z.array(option).min(2).max(12),
      correct: z.array(id).min(1).max(12),
      explanation,
    })
    .strict()
    .refine(
      (q) => q.correct.every((c) => q.options.some((o) => o.id === c)),
      'every correct option must be one of the options',
    ),
  z.object({ id, type: z.literal('truefalse'), prompt: markdown, correct: z.boolean(), explanation }).strict(),
  z
    .object({
      id,
      type: z.literal('fill'),
      prompt: markdown,
      /** Accepted texts (compared after normalising width, case and spaces). */
      accepted: z.array(z.string().trim().min(1).max(500)).max(20),
      /** A numeric answer: right when within `tolerance` of `value`. */
      numeric: z
        .object({ value: z.number().finite(), tolerance: z.number().min(0).finite() })
        .strict()
        .optional(),
      explanation,
    })
    .strict()
    .refine((q) => q.accepted.length > 0 || q.numeric !== undefined, 'a fill-in question needs an accepted answer'),
  z
    .object({
      id,
      type: z.literal('ordering'),
      prompt: markdown,
      /** The items in their correct order (shown shuffled). */
      items: z.array(option).min(2).max(12),
      explanation,
    })
    .strict(),
  z
    .object({
      id,
      type: z.literal('matching'),
      prompt: markdown,
      /** Each left item with the right item it matches (the right column is shown shuffled). */
      pairs: z
        .array(z.object({ id, left: markdown, right: markdown }).strict())
        .min(2)
        .max(12),
      explanation,
    })
    .strict(),
]);
export type Question = z.output<typeof questionSchema>;
export type QuestionType = Question['type'];

/** What a learner answered, by question type. */
export const answerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('single'), optionId: id }).strict(),
  z.object({ type: z.literal('multiple'), optionIds: z.array(id).max(12) }).strict(),
  z.object({ type: z.literal('truefalse'), value: z.boolean() }).strict(),
  z.object({ type: z.literal('fill'), text: z.string().max(500) }).strict(),
  /** Item ids in the order the learner put them. */
  z.object({ type: z.literal('ordering'), itemIds: z.array(id).max(12) }).strict(),
  /** For each pair id (left item), the pair id whose right item the learner chose. */
  z.object({ type: z.literal('matching'), matches: z.record(id, id) }).strict(),
]);
export type Answer = z.output<typeof answerSchema>;

/** How an exercise counts as mastered, judged on its attempts (newest last). */
export const masteryRuleSchema = z.discriminatedUnion('kind', [
  /** m of the last n answers correct (Kolibri's rule), e.g. 3 of 5. */
  z
    .object({ kind: z.literal('m-of-n'), m: z.number().int().min(1).max(50), n: z.number().int().min(1).max(50) })
    .strict()
    .refine((rule) => rule.m <= rule.n, 'm cannot be more than n'),
  /** Every question answered correctly (its latest answer). */
  z.object({ kind: z.literal('all-correct') }).strict(),
  /** At least this share of the questions correct (their latest answers). */
  z.object({ kind: z.literal('score'), percent: z.number().min(1).max(100) }).strict(),
]);
export type MasteryRule = z.output<typeof masteryRuleSchema>;

/** An exercise lesson's body: its questions (or a draw from them) and how it is mastered. */
export const exerciseSchema = z
  .object({
    format: z.literal('zhiku-exercise'),
    version: z.literal(1),
    questions: z.array(questionSchema).min(1).max(500),
    /** Ask this many, drawn at random from the questions (all of them when absent). */
    draw: z.number().int().min(1).max(500).optional(),
    shuffleOptions: z.boolean().default(true),
    mastery: masteryRuleSchema,
  })
  .strict()
  .refine((e) => new Set(e.questions.map((q) => q.id)).size === e.questions.length, 'question ids must be unique')
  .refine((e) => e.draw === undefined || e.draw <= e.questions.length, 'cannot draw more questions than there are');
export type Exercise = z.output<typeof exerciseSchema>;

/** An exercise lesson's body (its JSON), or null when it is not a complete, valid exercise. */
export function parseExercise(text: string): Exercise | null {
  try {
    const parsed = exerciseSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The body of a new exercise lesson: no questions yet (publishing waits for some), mastered at 3 of the last 5. */
export function newExerciseBody(): string {
  return JSON.stringify({
    format: 'zhiku-exercise',
    version: 1,
    questions: [],
    shuffleOptions: true,
    mastery: { kind: 'm-of-n', m: 3, n: 5 },
  });
}
