import type { FastifyInstance, FastifyReply } from 'fastify';
import { readServerEpoch } from '../database/server-meta.js';
import { isHeldCollection } from '../replication/held-lessons.js';
import { heldCheckpointOf, pullQuerySchema, pushBodySchema } from '../../common/server-api/replication.js';
import { optionalCaller, requireCaller } from '../http/authenticate.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWith } from '../http/http-error.js';
import {
  COLLECTION_RULES,
  isReplicatedCollection,
  type ReplicatedCollection,
} from '../replication/collection-rules.js';
import type { AccessClaims } from '../accounts/tokens.js';
import type { ServerContext } from '../server-context.js';

const HEARTBEAT_MS = 20_000;

function collectionParam(name: string, testCollections: readonly string[]): ReplicatedCollection {
  if (!isReplicatedCollection(name) || (COLLECTION_RULES[name].testOnly && !testCollections.includes(name))) {
    throw new DomainError('NOT_FOUND', `There is no replicated collection named ${JSON.stringify(name.slice(0, 60))}.`);
  }
  return name;
}

/** The database's epoch, read once per instance (a restore happens with every instance stopped). */
const epochs = new WeakMap<object, Promise<string>>();
export function serverEpoch(context: ServerContext): Promise<string> {
  let epoch = epochs.get(context);
  if (!epoch) {
    epoch = readServerEpoch(context.db);
    epochs.set(context, epoch);
  }
  return epoch;
}

/** RxDB's replication protocol per collection: pull by checkpoint, push with conflicts, one event stream per device. */
export function registerReplicationRoutes(app: FastifyInstance, context: ServerContext): void {
  const { auth, documents, hub } = context;
  const streams = new Set<FastifyReply>();

  /** Whether this caller's page is the one everyone sees (then it may come from the shared catalogue cache). */
  async function readsOnlyPublicRows(collection: ReplicatedCollection, caller: AccessClaims | null): Promise<boolean> {
    const { readers } = COLLECTION_RULES[collection];
    if (!context.catalogCache || readers === 'owner') return false;
    return readers === 'public' || caller === null || !(await documents.ownsPrivateRows(collection, caller.userId));
  }

  app.get<{ Params: { collection: string } }>('/v1/sync/:collection/pull', async (request, reply) => {
    const collection = collectionParam(request.params.collection, context.config.testCollections);
    const caller = await optionalCaller(auth, request);
    const query = parseWith(pullQuerySchema, request.query);
    const { seq, limit } = query;
    const held = query.held === '1' ? collection : undefined;
    if (held !== undefined && !isHeldCollection(held))
      throw new DomainError(
        'INVALID_INPUT',
        'Only lessons and courses are pulled by the courses the caller holds (held=1).',
      );
    // Which history the checkpoints belong to: a restored backup starts a new one (docs/deployment.md).
    reply.header('x-zhiku-epoch', await serverEpoch(context));
    reply.header('content-type', 'application/json; charset=utf-8');
    if (held !== undefined) return reply.send(await documents.pullHeld(held, caller, heldCheckpointOf(query), limit));
    if (query.newest === '1' && (seq === 0 || query.below !== undefined))
      return reply.send(
        await documents.pullNewestFirstJson(
          collection,
          caller,
          { seq, ...(query.below !== undefined ? { below: query.below } : {}) },
          limit,
        ),
      );
    if (await readsOnlyPublicRows(collection, caller)) {
      const { body, hit } = await context.catalogCache!.page(collection, seq, limit, () =>
        documents.pullJson(collection, null, seq, limit),
      );
      return reply.header('x-zhiku-cache', hit ? 'hit' : 'miss').send(body);
    }
    return reply.send(await documents.pullJson(collection, caller, seq, limit));
  });

  app.post<{ Params: { collection: string } }>('/v1/sync/:collection/push', async (request) => {
    const collection = collectionParam(request.params.collection, context.config.testCollections);
    const caller = await requireCaller(auth, request);
    return documents.push(collection, caller, parseWith(pushBodySchema, request.body));
  });

  app.get('/v1/sync/stream', async (request, reply) => {
    const caller = await requireCaller(auth, request);
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = (event: string, data: unknown) =>
      reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    // Anything may have changed while this device was away: it re-pulls everything.
    send('RESYNC', {});
    const stop = hub.subscribe(
      (notices) => {
        const visible = notices.filter((notice) => notice.isPublic || notice.ownerId === caller.userId);
        if (visible.length > 0) send('change', { collections: [...new Set(visible.map((n) => n.collection))] });
      },
      // Changes from other instances may have been missed: the device re-pulls everything.
      () => send('RESYNC', {}),
    );
    const heartbeat = setInterval(() => reply.raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    streams.add(reply);
    request.raw.once('close', () => {
      stop();
      clearInterval(heartbeat);
      streams.delete(reply);
    });
  });

  // Open streams would otherwise hold a graceful shutdown open forever. Each gets a hint first:
  // reconnect (through the load balancer, to another instance) after a short, spread-out wait.
  app.addHook('preClose', async () => {
    for (const reply of streams) {
      const retry = 500 + Math.floor(Math.random() * 1500);
      reply.raw.end(`retry: ${retry}\nevent: reconnect\ndata: ${JSON.stringify({ retryAfterMs: retry })}\n\n`);
    }
  });
}
