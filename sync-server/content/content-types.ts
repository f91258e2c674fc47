import { CONTENT_LIMITS } from '../../common/authoring/content-limits.js';
import type { LessonDoc } from '../../common/collections/catalog.js';

/** What a lesson body of each kind may be: allowed types, a size limit, and a check of its first bytes. */
export const CONTENT_RULES: Record<
  LessonDoc['kind'],
  { mimes: readonly string[]; maxBytes: number; magic: (head: Buffer) => boolean }
> = {
  text: { ...CONTENT_LIMITS.text, magic: (head) => !head.includes(0) },
  pdf: { ...CONTENT_LIMITS.pdf, magic: (head) => head.subarray(0, 5).toString('latin1') === '%PDF-' },
  audio: {
    ...CONTENT_LIMITS.audio,
    magic: (head) =>
      head.subarray(4, 8).toString('latin1') === 'ftyp' ||
      head.subarray(0, 3).toString('latin1') === 'ID3' ||
      head.subarray(0, 4).toString('latin1') === 'OggS' ||
      head.readUInt32BE(0) === 0x1a45dfa3 ||
      (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0),
  },
  video: {
    ...CONTENT_LIMITS.video,
    magic: (head) => head.subarray(4, 8).toString('latin1') === 'ftyp' || head.readUInt32BE(0) === 0x1a45dfa3,
  },
  // Written in the editor and stored at publishing (like text), never uploaded as a file.
  exercise: { ...CONTENT_LIMITS.exercise, magic: (head) => head.toString('utf8').trimStart().startsWith('{') },
  // An exam's paper, built by the server at publishing from the creator's exam (never uploaded).
  exam: { ...CONTENT_LIMITS.exam, magic: (head) => head.toString('utf8').trimStart().startsWith('{') },
};

export function mimeForFile(file: string): string {
  const extension = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return (
    {
      md: 'text/markdown',
      pdf: 'application/pdf',
      m4a: 'audio/mp4',
      mp3: 'audio/mpeg',
      ogg: 'audio/ogg',
      opus: 'audio/ogg',
      mp4: 'video/mp4',
      webm: 'video/webm',
    }[extension] ?? 'application/octet-stream'
  );
}
