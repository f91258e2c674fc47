import type { LessonDoc } from '../collections/catalog.js';

/** What a lesson body of each kind may be: its content types and largest size. Checked by the editor and by the server. */
export const CONTENT_LIMITS: Record<LessonDoc['kind'], { mimes: readonly string[]; maxBytes: number }> = {
  text: { mimes: ['text/markdown'], maxBytes: 2 * 1024 * 1024 },
  pdf: { mimes: ['application/pdf'], maxBytes: 200 * 1024 * 1024 },
  audio: { mimes: ['audio/mp4', 'audio/mpeg', 'audio/ogg', 'audio/webm'], maxBytes: 500 * 1024 * 1024 },
  video: { mimes: ['video/mp4', 'video/webm'], maxBytes: 4 * 1024 * 1024 * 1024 },
  exercise: { mimes: ['application/json'], maxBytes: 2 * 1024 * 1024 },
  exam: { mimes: ['application/json'], maxBytes: 2 * 1024 * 1024 },
};

/** A course's cover image. */
export const COVER_LIMITS = { mimes: ['image/jpeg', 'image/png', 'image/webp'] as const, maxBytes: 5 * 1024 * 1024 };

/** The image type from its first bytes, or null when it is not one a cover may be. */
export function coverMimeOf(head: Uint8Array): (typeof COVER_LIMITS.mimes)[number] | null {
  const ascii = (start: number, end: number) => String.fromCharCode(...head.subarray(start, end));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Where a course's cover is kept among lesson bodies: `:` never appears in a lesson id. */
export const coverContentId = (courseId: string) => `cover:${courseId}`;
