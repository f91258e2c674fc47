import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/domain-error.js';

/** No request of the API nests deeper than this; deeper is refused before parsing (a deep one would exhaust the parser's stack). */
export const MAX_JSON_DEPTH = 64;

/** How deeply `text` nests arrays and objects, stopping as soon as it passes `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \\ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b /* { [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d /* } ] */) depth--;
  }
  return false;
}

/** Fastify's own JSON parser (prototype-poisoning checks included), behind a depth limit: too deep answers 400 INVALID_INPUT. */
export function installJsonLimits(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH)) {
      done(new DomainError('INVALID_INPUT', `The JSON nests more than ${MAX_JSON_DEPTH} levels deep.`), undefined);
      return;
    }
    void parse(request, body as string, done);
  });
}
