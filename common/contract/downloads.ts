import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { z } from 'zod';

export interface DownloadItem {
  lessonId: string;
  courseId: string;
  /** The lesson's title when the download started, for lists of downloads. */
  title?: { zh: string; en: string };
  status: 'downloading' | 'paused' | 'complete' | 'failed';
  /** Why it stopped, when it did not finish (e.g. STORAGE_FULL, SERVER_UNREACHABLE). */
  problem?: ErrorCode;
  bytes: number;
  received: number;
  updatedAt: number;
}

export interface DownloadsView {
  items: DownloadItem[];
  /** Bytes of completed downloads on this device. */
  totalBytes: number;
}

export const courseIdForDownloadSchema = z.object({ courseId: z.string().min(1).max(100) }).strict();
export const lessonIdInputSchema = z.object({ lessonId: z.string().min(1).max(100) }).strict();
export const downloadItemSchema: z.ZodType<DownloadItem> = z.object({
  lessonId: z.string(),
  courseId: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }).optional(),
  status: z.enum(['downloading', 'paused', 'complete', 'failed']),
  problem: z.enum(ERROR_CODES).optional(),
  bytes: z.number().min(0),
  received: z.number().min(0),
  updatedAt: z.number(),
});
export const downloadsViewSchema: z.ZodType<DownloadsView> = z.object({
  items: z.array(downloadItemSchema),
  totalBytes: z.number().min(0),
});

/** How long owned content stays readable without reaching the server. */
export interface OfflineAccess {
  lastOnlineAt: number | null;
  graceDays: number;
  daysLeft: number;
  /** expires-soon: warn ahead of time; go-online: owned content is locked until the next sync. */
  state: 'ok' | 'expires-soon' | 'go-online';
}

export const offlineAccessSchema: z.ZodType<OfflineAccess> = z.object({
  lastOnlineAt: z.number().nullable(),
  graceDays: z.number(),
  daysLeft: z.number(),
  state: z.enum(['ok', 'expires-soon', 'go-online']),
});
