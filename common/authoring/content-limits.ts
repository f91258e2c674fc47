import type { LessonKind } from '../catalog/catalog-source.js';

/** What a lesson body of each kind may be: its content types and largest size. Checked by the editor and by the server. */
export const CONTENT_LIMITS: Record<LessonKind, { mimes: readonly string[]; maxBytes: number }> = {
  text: { mimes: ['text/markdown'], maxBytes: 2 * 1024 * 1024 },
  pdf: { mimes: ['application/pdf'], maxBytes: 200 * 1024 * 1024 },
  audio: { mimes: ['audio/mp4', 'audio/mpeg', 'audio/ogg', 'audio/webm'], maxBytes: 500 * 1024 * 1024 },
  video: { mimes: ['video/mp4', 'video/webm'], maxBytes: 4 * 1024 * 1024 * 1024 },
};
