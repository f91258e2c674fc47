import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

export const serverHealthSchema = z.object({
  status: z.literal('ok'),
  service: z.literal('zhiku-sync-server'),
  version: z.string(),
  database: z.enum(['sqlite', 'postgres']),
  catalog: z.object({ courses: z.number().int().nonnegative() }),
});

export type ServerHealth = z.infer<typeof serverHealthSchema>;

export const serverStatusSchema = z.object({
  url: z.string(),
  checkedAt: z.string(),
  reachable: z.boolean(),
  health: serverHealthSchema.optional(),
  error: z.enum(ERROR_CODES).optional(),
});

export type ServerStatus = z.infer<typeof serverStatusSchema>;
