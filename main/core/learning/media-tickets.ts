import { randomBytes } from 'node:crypto';
import type { LessonDoc } from '../../../common/collections/index.js';

/** Largest body of one ranged media response; players ask again for the rest. */
export const MEDIA_CHUNK = 4 * 1024 * 1024;

export interface MediaSource {
  lessonId: string;
  bytes: number;
  mimeType: string;
}

export interface MediaResponse {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  body: Buffer | null;
}

/**
 * Unguessable, per-launch addresses for opened lessons, so media elements and the PDF
 * viewer can load decrypted content by URL (they cannot send the host's bearer secret).
 * A ticket names one lesson; the content is still read through the download manager,
 * which checks ownership and offline grace on every read.
 */
export function createMediaTickets(read: (lessonId: string, start: number, end: number) => Promise<Buffer>) {
  const tickets = new Map<string, MediaSource>();
  const MAX_TICKETS = 256;

  return {
    issue(source: MediaSource): string {
      const token = randomBytes(24).toString('base64url');
      tickets.set(token, source);
      if (tickets.size > MAX_TICKETS) tickets.delete(tickets.keys().next().value!);
      return `media/${token}`;
    },

    /** Answers GET `media/<token>` with an optional `Range: bytes=a-b` header. */
    async serve(token: string, range: string | undefined): Promise<MediaResponse> {
      const source = tickets.get(token);
      if (!source) return { status: 404, headers: {}, body: null };
      const common = {
        'content-type': source.mimeType,
        'accept-ranges': 'bytes',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      };
      if (!range) {
        const body = source.bytes > 0 ? await read(source.lessonId, 0, source.bytes - 1) : Buffer.alloc(0);
        return { status: 200, headers: { ...common, 'content-length': String(body.length) }, body };
      }
      const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      let start = match?.[1] ? Number(match[1]) : NaN;
      let end = match?.[2] ? Number(match[2]) : source.bytes - 1;
      if (match && !match[1] && match[2]) {
        start = Math.max(0, source.bytes - Number(match[2]));
        end = source.bytes - 1;
      }
      if (!match || !Number.isSafeInteger(start) || start >= source.bytes || end < start) {
        return { status: 416, headers: { ...common, 'content-range': `bytes */${source.bytes}` }, body: null };
      }
      end = Math.min(end, source.bytes - 1, start + MEDIA_CHUNK - 1);
      const body = await read(source.lessonId, start, end);
      return {
        status: 206,
        headers: {
          ...common,
          'content-range': `bytes ${start}-${end}/${source.bytes}`,
          'content-length': String(body.length),
        },
        body,
      };
    },
  };
}

export type MediaTickets = ReturnType<typeof createMediaTickets>;

/** The content type of a lesson body from its first bytes (lessons carry no MIME type). */
export function sniffMimeType(head: Buffer, kind: LessonDoc['kind']): string {
  if (kind === 'text') return 'text/markdown; charset=utf-8';
  if (kind === 'exercise' || kind === 'exam') return 'application/json';
  if (head.subarray(0, 4).toString('latin1') === '%PDF') return 'application/pdf';
  if (head.readUInt32BE(0) === 0x1a45dfa3) return kind === 'audio' ? 'audio/webm' : 'video/webm';
  if (head.subarray(0, 4).toString('latin1') === 'OggS') return kind === 'audio' ? 'audio/ogg' : 'video/ogg';
  if (head.subarray(4, 8).toString('latin1') === 'ftyp') return kind === 'audio' ? 'audio/mp4' : 'video/mp4';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WAVE')
    return 'audio/wav';
  if (head.subarray(0, 3).toString('latin1') === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0))
    return 'audio/mpeg';
  if (head.subarray(0, 4).toString('latin1') === 'fLaC') return 'audio/flac';
  return kind === 'pdf' ? 'application/pdf' : 'application/octet-stream';
}
