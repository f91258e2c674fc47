import type { HeldCertificate } from '../../../common/contract/certificates.js';
import type { OperationHandlers } from '../../../common/contract/index.js';
import { AppError } from '../../../common/errors.js';
import {
  certificateResponseSchema,
  certificatesResponseSchema,
  type Certificate,
} from '../../../common/server-api/certificates.js';
import type { CoreServices } from './core-services.js';

const cacheId = (userId: string) => `certificates:${userId}`;

/**
 * Certificates in the app: requested from the server (which alone decides a course is
 * complete), listed — and kept on the device, so they can be shown and printed offline —
 * each with the address where anyone can check it.
 */
export function certificateOperations({
  database,
  settings,
  serverCall,
  serverGet,
  requireUser,
}: CoreServices): Pick<OperationHandlers, 'certificates.request' | 'certificates.list'> {
  const held = (certificate: Certificate): HeldCertificate => ({
    ...certificate,
    verifyUrl: new URL(`/certificates/${encodeURIComponent(certificate.id)}`, settings.get().syncServerUrl).href,
  });
  const remember = async (userId: string, certificates: HeldCertificate[]) =>
    database.localstate.upsert({ id: cacheId(userId), value: certificates, updatedAt: Date.now() });
  const remembered = async (userId: string): Promise<HeldCertificate[]> =>
    ((await database.localstate.findOne(cacheId(userId)).exec())?.value as HeldCertificate[] | undefined) ?? [];

  return {
    'certificates.request': async ({ courseId }) => {
      const userId = requireUser();
      const { certificate } = await serverCall('/v1/certificates', { courseId }, certificateResponseSchema);
      const issued = held(certificate);
      await remember(userId, [issued, ...(await remembered(userId)).filter((c) => c.id !== issued.id)]);
      return issued;
    },
    'certificates.list': async () => {
      const userId = requireUser();
      try {
        const { certificates } = await serverGet('/v1/certificates/mine', certificatesResponseSchema);
        const list = certificates.map(held);
        await remember(userId, list);
        return { certificates: list, fresh: true };
      } catch (error) {
        // Offline (or the server away): the certificates kept from the last answer.
        if (error instanceof AppError && (error.code === 'SERVER_UNREACHABLE' || error.code === 'SERVER_ERROR'))
          return { certificates: await remembered(userId), fresh: false };
        throw error;
      }
    },
  };
}
