import { z } from 'zod';
import { SERVER_SIGNATURE_PATTERN } from './entitlement-payload.js';
import { canonicalJson } from './canonical-json.js';
import { settingsSchema } from './settings.js';

/**
 * An institution's provisioning file: which server, which organization to join, the token that
 * lets its learners join, defaults and locked settings, where updates come from, and where a
 * content pack lies. The server signs it (Ed25519, its entitlement key); devices refuse a file
 * whose signature does not match, so a changed file is never applied.
 */
export const provisioningSchema = z
  .object({
    format: z.literal('zhiku-provisioning'),
    version: z.literal(1),
    serverUrl: settingsSchema.shape.syncServerUrl,
    organization: z
      .object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), name: z.string().trim().min(1).max(120) })
      .strict(),
    enrollmentToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,128}$/)
      .optional(),
    defaultLanguage: z.enum(['zh-CN', 'en']).optional(),
    /** Settings learners cannot change, in the app or through its API. */
    lockedSettings: settingsSchema.partial().strict().default({}),
    /** electron-updater's generic feed, or `off` when IT rolls out versions itself. */
    updates: z
      .union([z.object({ feedUrl: settingsSchema.shape.syncServerUrl }).strict(), z.literal('off')])
      .default('off'),
    /** A folder (or drive) holding a content pack to import on first launch. */
    contentPack: z.string().min(1).max(1024).optional(),
    issuedAt: z.number().int().nonnegative(),
  })
  .strict();

export type Provisioning = z.infer<typeof provisioningSchema>;

export const signedProvisioningSchema = z
  .object({ provisioning: z.unknown(), signature: z.string().regex(SERVER_SIGNATURE_PATTERN) })
  .strict();

/** The exact text the server signs and devices verify: the provisioning as canonical JSON. */
export function provisioningSignedText(provisioning: unknown): string {
  return `zhiku-provisioning\n${canonicalJson(provisioning)}`;
}
