import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The shape a request id may have: what devices send, safe to print in a log line. */
export const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Each request's id: the one the device sent in `x-request-id` (so a learner's "my download
 * stopped" can be found on both sides by one id), else a new one. A header of any other shape
 * is not trusted into the logs.
 */
export function requestIdOf(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
}
