import { z } from 'zod';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the core runs: inside Electron's main process or a plain Node host (web mode, tests). */
  runtime: z.enum(['electron', 'node']),
  platform: z.string(),
  arch: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().optional(), chrome: z.string().optional() }),
  /** The operating system's locale as the core sees it, e.g. `zh-CN`. */
  systemLocale: z.string(),
  dataDir: z.string(),
  startedAt: z.string(),
});

export type AppInfo = z.infer<typeof appInfoSchema>;

/** A plain-text report for support: versions, system, sync and download state, the latest errors; no secrets. */
export const diagnosticsSchema = z.object({ text: z.string() });
