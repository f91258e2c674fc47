import { z } from 'zod';

export interface DownloadItem {
  lessonId: string;
  courseId: string;
  status: 'downloading' | 'paused' | 'complete' | 'failed';
  bytes: number;
  received: number;
  updatedAt: number;
}

export interface DownloadsView {
  items: DownloadItem[];
  /** Bytes of completed downloads on this device. */
  totalBytes: number;
}

export const lessonIdInputSchema = z.object({ lessonId: z.string().min(1).max(100) }).strict();
export const downloadItemSchema = z.custom<DownloadItem>();
export const downloadsViewSchema = z.custom<DownloadsView>();
