import type { ZhikuApi } from '../../../common/contract/index.js';
import type { ApiError } from '../../../common/errors.js';

/** Bytes per piece sent to the core (base64 keeps a piece under the transports' 1 MiB). */
const PIECE = 512 * 1024;

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Hands a chosen file to the core piece by piece (it keeps the file, checks it and uploads
 * it to the server). `lessonId` is a lesson of the draft, or `cover` for the course's cover.
 */
export async function sendFile(
  api: ZhikuApi,
  target: { courseId: string; lessonId: string },
  file: File,
  onProgress: (share: number) => void,
  durationSeconds?: number,
): Promise<ApiError | null> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  for (let offset = 0; offset < bytes.length; offset += PIECE) {
    onProgress(offset / bytes.length);
    const last = offset + PIECE >= bytes.length;
    const reply = await api.invoke('drafts.uploadMedia', {
      ...target,
      fileName: file.name.slice(0, 255),
      totalBytes: bytes.length,
      offset,
      data: base64Of(bytes.subarray(offset, offset + PIECE)),
      ...(last && durationSeconds !== undefined ? { durationSeconds } : {}),
    });
    if (!reply.ok) return reply.error;
  }
  onProgress(1);
  return null;
}
