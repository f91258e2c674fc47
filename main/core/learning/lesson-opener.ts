import { hasTextBody } from '../../../common/collections/shared-fields.js';
import type { ProgressDoc } from '../../../common/collections/index.js';
import type { OpenedLesson } from '../../../common/contract/learning.js';
import { AppError } from '../../../common/errors.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { DownloadManager } from '../downloads/download-manager.js';
import type { MediaTickets } from './media-tickets.js';
import { sniffMimeType } from './media-tickets.js';
import { positionIn } from './progress.js';
import { findLesson } from '../catalog/lesson-cache.js';

/** Text lessons above this size are refused rather than freezing the reader. */
const MAX_TEXT_BYTES = 8 * 1024 * 1024;

/**
 * Opens a lesson to study: downloads it first when it is not on the device yet (progress
 * shows in downloads.watch; offline, that fails with a clear error), then hands the UI
 * its text or a media address, the watermark for paid PDF and video, and where the
 * learner left off.
 */
export async function openLesson(
  deps: {
    db: ClientDatabase;
    downloads: DownloadManager;
    media: MediaTickets;
    account: () => { userId: string; email: string } | null;
  },
  lessonId: string,
): Promise<OpenedLesson> {
  const lesson = await findLesson(deps.db, lessonId);
  if (!lesson) throw new AppError('NOT_FOUND', 'This lesson is not on the device; sync first.');
  const downloaded = deps.downloads.view$.value.items.find((item) => item.lessonId === lessonId);
  if (downloaded?.status !== 'complete') await deps.downloads.download(lessonId);
  const bytes = lesson.contentBytes;
  const head = bytes > 0 ? await deps.downloads.read(lessonId, 0, Math.min(bytes, 16) - 1) : Buffer.alloc(0);
  const mimeType = sniffMimeType(Buffer.concat([head, Buffer.alloc(16)]), lesson.kind);
  const account = deps.account();
  const progress = account
    ? ((await deps.db.progress.findOne(`${account.userId}:${lesson.courseId}`).exec())?.toJSON() as
        ProgressDoc | undefined)
    : undefined;
  let text: string | null = null;
  if (hasTextBody(lesson.kind)) {
    if (bytes > MAX_TEXT_BYTES) throw new AppError('STORAGE_FAILED', 'This lesson is too large to open.');
    text = bytes > 0 ? (await deps.downloads.read(lessonId, 0, bytes - 1)).toString('utf8') : '';
  }
  return {
    lesson,
    text,
    mediaPath: hasTextBody(lesson.kind) ? null : deps.media.issue({ lessonId, bytes, mimeType }),
    mimeType,
    watermark:
      !lesson.freePreview && (lesson.kind === 'pdf' || lesson.kind === 'video') && account ? account.email : null,
    resumeAt: positionIn(progress, lessonId),
  };
}
