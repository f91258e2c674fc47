import { z } from 'zod';

/** A certificate of completion, as its holder and anyone verifying it see it. */
export const certificateSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  learnerName: z.string(),
  courseTitle: z.object({ zh: z.string(), en: z.string() }),
  creatorName: z.string(),
  issuedAt: z.number(),
  revokedAt: z.number().nullable(),
});
export type Certificate = z.output<typeof certificateSchema>;

/** A verification: genuine, revoked, or unknown (never issued here, or altered). */
export const certificateCheckSchema = z.object({
  status: z.enum(['genuine', 'revoked', 'unknown']),
  certificate: certificateSchema.optional(),
});
export type CertificateCheck = z.output<typeof certificateCheckSchema>;

export const certificateRequestSchema = z.object({ courseId: z.string().min(1).max(100) }).strict();
export const certificateResponseSchema = z.object({ certificate: certificateSchema });
export const certificatesResponseSchema = z.object({ certificates: z.array(certificateSchema) });
export const CERTIFICATE_ID = /^cert_[A-Za-z0-9_-]{1,40}$/;
