import { z } from 'zod';

/**
 * The format a catalog is authored and imported in (the demo catalog, creators' exports).
 * Text shown in the UI is given in both languages; a lesson's own content is in the
 * course's language. Prices are integer minor units (fen, cents); `null` means free.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const localizedTextSchema = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict();
export type LocalizedText = z.infer<typeof localizedTextSchema>;

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes');
const relativeFileSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'a relative path')
  .refine((path) => !path.split('/').includes('..'), 'must stay inside the catalog folder');

export const LESSON_KINDS = ['text', 'pdf', 'audio', 'video'] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];

export const CURRENCIES = ['CNY', 'USD', 'EUR'] as const;

export const priceSchema = z
  .object({ amount: z.number().int().positive().max(100_000_000), currency: z.enum(CURRENCIES) })
  .strict();

export const lessonSourceSchema = z
  .object({
    id: idSchema,
    kind: z.enum(LESSON_KINDS),
    title: localizedTextSchema,
    durationSeconds: z
      .number()
      .int()
      .positive()
      .max(24 * 3600),
    freePreview: z.boolean(),
    /** The body file: Markdown for text lessons, the media file for the others. */
    file: relativeFileSchema,
  })
  .strict()
  .superRefine((lesson, ctx) => {
    const expected = { text: /\.md$/, pdf: /\.pdf$/, audio: /\.(mp3|m4a|ogg|opus)$/, video: /\.(mp4|webm)$/ }[
      lesson.kind
    ];
    if (!expected.test(lesson.file))
      ctx.addIssue({ code: 'custom', path: ['file'], message: `a ${lesson.kind} lesson needs a matching file type` });
  });

export const sectionSourceSchema = z
  .object({ id: idSchema, title: localizedTextSchema, lessons: z.array(lessonSourceSchema).min(1) })
  .strict();

export const courseSourceSchema = z
  .object({
    id: idSchema,
    creatorId: idSchema,
    categoryId: idSchema,
    language: z.enum(LOCALES),
    level: z.enum(['beginner', 'intermediate', 'advanced']),
    title: localizedTextSchema,
    subtitle: localizedTextSchema,
    description: localizedTextSchema,
    price: priceSchema.nullable(),
    tags: z.array(z.string().min(1).max(40)).max(12),
    /** What a learner will be able to do afterwards, and what they should know first. */
    outcomes: z.array(localizedTextSchema).max(12).optional(),
    requirements: z.array(localizedTextSchema).max(12).optional(),
    /** The cover image (JPEG, PNG or WebP), relative to the catalog. */
    cover: relativeFileSchema.regex(/\.(jpe?g|png|webp)$/, 'a JPEG, PNG or WebP image').optional(),
    publishedAt: z.iso.datetime(),
    sections: z.array(sectionSourceSchema).min(1),
  })
  .strict();

export const catalogSourceSchema = z
  .object({
    formatVersion: z.literal(1),
    categories: z.array(z.object({ id: idSchema, name: localizedTextSchema }).strict()).min(1),
    creators: z
      .array(z.object({ id: idSchema, displayName: localizedTextSchema, bio: localizedTextSchema }).strict())
      .min(1),
    courses: z.array(courseSourceSchema).min(1),
  })
  .strict()
  .superRefine((catalog, ctx) => {
    const categories = new Set(catalog.categories.map((c) => c.id));
    const creators = new Set(catalog.creators.map((c) => c.id));
    const seen = new Set<string>();
    catalog.courses.forEach((course, index) => {
      if (!categories.has(course.categoryId))
        ctx.addIssue({ code: 'custom', path: ['courses', index, 'categoryId'], message: 'unknown category' });
      if (!creators.has(course.creatorId))
        ctx.addIssue({ code: 'custom', path: ['courses', index, 'creatorId'], message: 'unknown creator' });
      const ids = [course.id, ...course.sections.flatMap((s) => [s.id, ...s.lessons.map((l) => l.id)])];
      for (const id of ids) {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['courses', index], message: `duplicate id ${id}` });
        seen.add(id);
      }
    });
  });

export type CatalogSource = z.infer<typeof catalogSourceSchema>;
export type CourseSource = z.infer<typeof courseSourceSchema>;
