import { z } from 'zod';
import { certificateSchema, type Certificate } from '../server-api/certificates.js';

/** A certificate as the app shows it: what it states, and where anyone can check it. */
export interface HeldCertificate extends Certificate {
  verifyUrl: string;
}
export const heldCertificateSchema: z.ZodType<HeldCertificate> = certificateSchema.extend({ verifyUrl: z.string() });
export const heldCertificatesSchema = z.object({
  certificates: z.array(heldCertificateSchema),
  /** False when the list is the one kept from the last time the server answered (offline). */
  fresh: z.boolean(),
});
export type HeldCertificates = z.output<typeof heldCertificatesSchema>;
export const certificateCourseInputSchema = z.object({ courseId: z.string().min(1).max(100) }).strict();
