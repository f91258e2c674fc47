import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/helpers.js';
import { BACKENDS, publishCourse, stopSharedPostgres } from './server-harness.js';
import {
  CODE_USES,
  COUPON_TOTAL,
  COURSES,
  COURSE_IDS,
  LEARNERS,
  Model,
  PASSWORD,
  SEATS,
  SEAT_COURSE,
  action,
  buildWorld,
  textOf,
  type Action,
  type Actor,
  type Learner,
  type World,
} from './trust-model-world.js';
import { checkInvariants } from './trust-model-invariants.js';

/**
 * The trust boundaries as a model-based property (docs/security.md, "Proof"): random sequences of
 * at least 2,000 actions by actors in every role — attacks among them — run against a real
 * server, and after every step the server must agree with a small model of who holds what:
 *
 * - private documents reach only their owner;
 * - a lesson's bytes change only through its course owner's publish;
 * - every entitlement traces to a source (paid order line, admin grant, seat) and ends only with it;
 * - credentials change only by their owner;
 * - coupon uses never exceed the total or the per-learner limit.
 *
 * The seed is printed; set ZHIKU_MODEL_SEED to replay one. Failures shrink (a shrunk run replays
 * fewer actions; each replay starts from a fresh server).
 */
const newDir = useTempDirs();
afterAll(stopSharedPostgres, 60_000);
const ACTIONS = Number(process.env.ZHIKU_MODEL_ACTIONS ?? 2000);

async function step(world: World, model: Model, a: Action): Promise<void> {
  const { api, sessions } = world;
  const token = (who: Actor) => (who === 'anonymous' ? undefined : sessions[who].accessToken);
  const order = (ref: number) => model.orders[ref % Math.max(1, model.orders.length)];
  switch (a.kind) {
    case 'order': {
      const created = await api.call<{ orderId: string; checkoutUrl: string }>('POST', '/v1/orders', {
        token: token(a.who),
        body: { courseIds: [a.course], ...(a.coupon ? { couponCode: 'LIMITED' } : {}) },
      });
      const held = a.coupon ? model.couponHeldBy(a.who) : undefined;
      const expected = model.holds(a.who, a.course)
        ? 409
        : a.coupon && held?.status === 'paid'
          ? 409
          : a.coupon && !held && model.couponUses() >= COUPON_TOTAL
            ? 409
            : 201;
      expect(created.status, `order ${JSON.stringify(a)}`).toBe(expected);
      if (created.status !== 201) return;
      if (held) held.status = 'expired';
      model.orders.push({
        id: created.body.orderId,
        who: a.who,
        course: a.course,
        coupon: a.coupon,
        status: 'pending',
        refunded: false,
        checkoutUrl: created.body.checkoutUrl,
      });
      return;
    }
    case 'pay': {
      const o = order(a.order);
      if (!o) return;
      const status = (await fetch(`${o.checkoutUrl}/pay`, { method: 'POST' })).status;
      // Paying twice, or an order given up, is refused: the checkout is closed.
      expect(status, `pay ${o.status}`).toBe(o.status === 'pending' ? 200 : 409);
      if (status === 200) o.status = 'paid';
      return;
    }
    case 'latePaidEvent': {
      const o = order(a.order);
      if (!o) return;
      const checkout = await api.context.db.get<{ session_id: string }>(
        'SELECT session_id FROM checkouts WHERE order_id = ?',
        [o.id],
      );
      // A replayed or late "paid" event never grants what the model does not (refunded stays refunded).
      await api.context.orders.applyEvent({
        id: `evt_late_${model.orders.indexOf(o)}_${Math.random().toString(36).slice(2)}`,
        type: 'checkout.session.completed',
        data: { object: { id: checkout!.session_id, payment_status: 'paid' } },
      });
      return;
    }
    case 'cancel': {
      const o = order(a.order);
      if (!o) return;
      const answer = await api.call('POST', `/v1/orders/${o.id}/cancel`, { token: token(a.who) });
      expect(answer.status).toBe(o.who !== a.who ? 404 : o.status === 'pending' ? 204 : 409);
      if (answer.status === 204) o.status = 'expired';
      return;
    }
    case 'refund': {
      const o = order(a.order);
      if (!o) return;
      const answer = await api.call('POST', `/v1/admin/orders/${o.id}/refund`, {
        token: sessions.root.accessToken,
        body: { courseIds: [o.course] },
      });
      expect(answer.status).toBe(o.status === 'paid' && !o.refunded ? 200 : 409);
      if (answer.status === 200) o.refunded = true;
      return;
    }
    case 'redeem': {
      const answer = await api.call('POST', '/v1/redeem', { token: token(a.who), body: { code: world.code } });
      // Each redemption takes a seat for good (a move passes it on, it does not give it back).
      const ok =
        model.codeUses < Math.min(CODE_USES, SEATS) &&
        !model.seatHolders.has(a.who) &&
        !model.holds(a.who, SEAT_COURSE);
      expect(answer.status, `redeem by ${a.who}`).toBe(ok ? 200 : 409);
      if (ok) {
        model.codeUses++;
        model.seatHolders.add(a.who);
      }
      return;
    }
    case 'moveSeat': {
      const answer = await api.call('POST', `/v1/seat-pools/${world.poolId}/reassign`, {
        token: sessions.manager.accessToken,
        body: { fromUserId: sessions[a.from].userId, toUserId: sessions[a.to].userId },
      });
      const ok = a.from !== a.to && model.seatHolders.has(a.from) && !model.seatHolders.has(a.to);
      expect(answer.status, `move ${a.from}→${a.to}`).toBe(
        ok ? 200 : a.from === a.to ? 400 : !model.seatHolders.has(a.from) ? 404 : 409,
      );
      if (ok) {
        model.seatHolders.delete(a.from);
        model.seatHolders.add(a.to);
      }
      return;
    }
    case 'raceSeat': {
      const answers = await Promise.all(
        a.to.map((to) =>
          api.call('POST', `/v1/seat-pools/${world.poolId}/reassign`, {
            token: sessions.manager.accessToken,
            body: { fromUserId: sessions[a.from].userId, toUserId: sessions[to].userId },
          }),
        ),
      );
      const won = a.to.filter((_, i) => answers[i]!.status === 200);
      // Of two moves of one seat, at most one wins.
      expect(won.length).toBeLessThanOrEqual(1);
      if (won[0]) {
        expect(model.seatHolders.has(a.from) && !model.seatHolders.has(won[0])).toBe(true);
        model.seatHolders.delete(a.from);
        model.seatHolders.add(won[0]);
      }
      return;
    }
    case 'adminGrant': {
      const answer = await api.call('POST', '/v1/admin/entitlements', {
        token: sessions.root.accessToken,
        body: { userId: sessions[a.who].userId, courseId: a.course },
      });
      expect(answer.status).toBe(201);
      model.adminGrants.add(`${a.who}|${a.course}`);
      return;
    }
    case 'adminRevoke': {
      const answer = await api.call('POST', '/v1/admin/entitlements/revoke', {
        token: sessions.root.accessToken,
        body: { userId: sessions[a.who].userId, courseId: a.course },
      });
      expect(answer.status).toBe(model.adminGrants.has(`${a.who}|${a.course}`) ? 200 : 404);
      model.adminGrants.delete(`${a.who}|${a.course}`);
      return;
    }
    case 'publish': {
      const owner = COURSES[a.course];
      const attempt = publishCourse(api, sessions[a.creator], a.course, {
        lessonIds: [`${a.course}-free`, `${a.course}-paid`],
        priceAmount: 1000,
        title: `${a.course} ${a.version}`,
      });
      if (owner === a.creator) {
        await attempt;
        model.lessonText.set(a.course, textOf(a.course, `${a.course} ${a.version}`));
      } else {
        await expect(attempt).rejects.toThrow(/403|404/);
      }
      return;
    }
    case 'hijackPublish': {
      if (COURSES[a.victim] === a.creator) return;
      // The attacker's own course, with the victim's paid lesson id in it.
      const own = a.creator === 'c1' ? 'c1-b' : 'c2-a';
      await expect(
        publishCourse(api, sessions[a.creator], own, {
          lessonIds: [`${own}-free`, world.lessons[a.victim]],
          title: 'HIJACK',
        }),
      ).rejects.toThrow(/publish failed: 403/);
      return;
    }
    case 'pushCatalog': {
      const pulled = (
        await api.call<{ documents: Record<string, unknown>[] }>('GET', '/v1/sync/courses/pull?limit=50')
      ).body.documents.find((d) => d.id === a.course)!;
      const forged = { ...pulled, ratingAverage: 5, ratingCount: 9999, creatorId: sessions[a.creator].userId };
      expect(
        (
          await api.call('POST', '/v1/sync/courses/push', {
            token: token(a.creator),
            body: [{ assumedMasterState: pulled, newDocumentState: forged }],
          })
        ).status,
      ).toBe(403);
      return;
    }
    case 'note': {
      const note = {
        id: `note-${a.who}-${a.as}-${model.orders.length}`,
        userId: sessions[a.as].userId,
        courseId: 'c1-a',
        lessonId: 'c1-a-free',
        kind: 'note',
        anchor: { type: 'time', start: 1 },
        body: 'x',
        createdAt: 1,
        updatedAt: 1,
        _deleted: false,
      };
      const answer = await api.call<unknown[]>('POST', '/v1/sync/notes/push', {
        token: token(a.who),
        body: [{ newDocumentState: note }],
      });
      expect(answer.status).toBe(a.who === a.as ? 200 : 403);
      return;
    }
    case 'pull': {
      const answer = await api.call<{ documents: { userId?: string }[] }>(
        'GET',
        `/v1/sync/${a.collection}/pull?limit=500`,
        { token: token(a.who) },
      );
      if (a.who === 'anonymous') return expect(answer.status).toBe(401);
      expect(answer.status).toBe(200);
      for (const doc of answer.body.documents)
        expect(doc.userId, `${a.who} pulled ${a.collection}`).toBe(sessions[a.who].userId);
      return;
    }
    case 'read': {
      const response = await fetch(`${api.url}/v1/content/lessons/${world.lessons[a.course]}`, {
        method: 'HEAD',
        headers: a.who === 'anonymous' ? {} : { authorization: `Bearer ${token(a.who)}` },
      });
      const allowed =
        a.who === 'root' ||
        a.who === COURSES[a.course] ||
        ((LEARNERS as string[]).includes(a.who) && model.holds(a.who as Learner, a.course));
      expect(response.status, `${a.who} reads ${a.course}`).toBe(allowed ? 200 : a.who === 'anonymous' ? 401 : 403);
      return;
    }
    case 'rosterTakeover': {
      const email = `${a.victim === 'root' ? 'root' : a.victim}@example.com`;
      await api.call('POST', `/v1/organizations/${world.organizationId}/roster`, {
        token: sessions.orgAdmin.accessToken,
        body: { csv: `email,name\n${email},Victim\n`, dryRun: false },
      });
      const members = (
        await api.call<{ members: { userId: string; email: string }[] }>(
          'GET',
          `/v1/organizations/${world.organizationId}/members`,
          { token: sessions.orgAdmin.accessToken },
        )
      ).body.members;
      const row = members.find((m) => m.email === email);
      if (row)
        await api.call('POST', `/v1/organizations/${world.organizationId}/members/${row.userId}/password`, {
          token: sessions.orgAdmin.accessToken,
          body: { password: 'organization took it' },
        });
      await api.call(
        'POST',
        `/v1/organizations/${world.organizationId}/members/${sessions[a.victim].userId}/password`,
        { token: sessions.orgAdmin.accessToken, body: { password: 'organization took it' } },
      );
      return;
    }
    case 'changePassword': {
      const current = model.passwords.get(a.who) ?? PASSWORD;
      const next = `${PASSWORD} ${model.orders.length}`;
      const answer = await api.call('POST', '/v1/me/password', {
        token: token(a.who),
        body: { currentPassword: current, newPassword: next },
      });
      expect(answer.status).toBe(204);
      model.passwords.set(a.who, next);
      // The learner's other sessions ended; this one goes on.
      expect((await api.call('GET', '/v1/me', { token: token(a.who) })).status).toBe(200);
      return;
    }
  }
}

describe.each(BACKENDS)('trust boundaries as a model (%s)', (backend) => {
  const worlds: World[] = [];
  afterEach(async () => {
    for (const world of worlds.splice(0)) await world.api.close();
  });

  it(`holds every invariant over ${ACTIONS}+ random actions by actors in every role, attacks included`, async () => {
    const seed = Number(process.env.ZHIKU_MODEL_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.warn(`trust model (${backend}): seed ${seed} (replay with ZHIKU_MODEL_SEED=${seed})`);
    let steps = 0;
    const tally = new Map<string, number>();
    let outcome = '';
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: ACTIONS, maxLength: ACTIONS + 100 }), async (actions) => {
        const world = await buildWorld(backend, newDir());
        worlds.push(world);
        const model = new Model(world);
        for (const id of COURSE_IDS) model.lessonText.set(id, textOf(id, id));
        const hashes = new Map<string, string>();
        await checkInvariants(world, model, hashes, undefined);
        for (const a of actions) {
          await step(world, model, a);
          tally.set(a.kind, (tally.get(a.kind) ?? 0) + 1);
          await checkInvariants(
            world,
            model,
            hashes,
            a.kind === 'changePassword' ? world.sessions[a.who].userId : undefined,
          );
          steps++;
        }
        const orders = model.orders;
        outcome = `${orders.length} orders (${orders.filter((o) => o.status === 'paid').length} paid, ${orders.filter((o) => o.refunded).length} refunded, ${orders.filter((o) => o.status === 'expired').length} given up), ${model.seatHolders.size} seat holders, ${model.adminGrants.size} admin grants`;
        await world.api.close();
        worlds.splice(worlds.indexOf(world), 1);
      }),
      { seed, numRuns: 1, interruptAfterTimeLimit: 300_000, markInterruptAsFailure: true },
    );
    expect(steps).toBeGreaterThanOrEqual(ACTIONS);
    console.warn(
      `trust model (${backend}): ${steps} actions — ${[...tally].map(([kind, n]) => `${kind} ${n}`).join(', ')}; ended with ${outcome}`,
    );
  }, 1_200_000);
});
