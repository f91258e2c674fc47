import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../../common/channels.js';
import { buildContentSecurityPolicy } from '../../common/csp.js';
import { resolveStaticPath } from '../host/static-path.js';
import type { MediaTickets } from '../core/learning/media-tickets.js';
import type { Covers } from '../core/learning/covers.js';

/** Must run before the app is ready: our scheme behaves like https (secure, standard). */
export function declareAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** Serves the built renderer under `zhiku-app://app/`, refusing anything outside its folder. */
export function serveAppScheme(rendererDir: string, media: MediaTickets, covers: Covers): void {
  const csp = buildContentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host === APP_HOST && url.pathname.startsWith('/media/')) {
      const answer = await media.serve(url.pathname.slice('/media/'.length), request.headers.get('range') ?? undefined);
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    }
    const cover = url.host === APP_HOST ? /^\/covers\/([A-Za-z0-9_-]{1,100})$/.exec(url.pathname) : null;
    if (cover) {
      const answer = await covers.serve(cover[1]!);
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    }
    const filePath = url.host === APP_HOST ? resolveStaticPath(rendererDir, url.pathname) : null;
    if (!filePath) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(filePath).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', csp);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
