import { describe, expect, it } from 'vitest';
import { useCleanups, useTempDirs } from '../../tests/helpers.js';
import { DISPUTE_TRANSITIONS, nextItemState, REFUND_TRANSITIONS } from '../payments/payment-states.js';
import { signUpAndIn, startTestServer, type Session, type TestServer } from './server-harness.js';

/** One test per transition of the payment state machine (docs/payments.md, "State machine"). */
const newDir = useTempDirs();
const cleanups = useCleanups();
let eventCounter = 0;

interface Paid {
  api: TestServer;
  learner: Session;
  orderId: string;
  intent: string;
  /** Applies a provider event to this order; returns the outcome. */
  event(type: string, object: Record<string, unknown>): Promise<string>;
  refund(refundId: string, status: string, courseIds?: string[]): Promise<string>;
  dispute(type: 'charge.dispute.created' | 'charge.dispute.closed', status?: string): Promise<string>;
  /** Which of the order's courses the learner may open now. */
  access(): Promise<string[]>;
  status(): Promise<string>;
}

async function paidOrder(courseIds = ['algorithms-intro', 'python-data']): Promise<Paid> {
  const api = await startTestServer(newDir());
  cleanups.push(() => api.close());
  const learner = await signUpAndIn(api, 'buyer@example.com');
  const created = await api.call<{ orderId: string }>('POST', '/v1/orders', {
    token: learner.accessToken,
    body: { courseIds },
  });
  const orderId = created.body.orderId;
  const intent = `pi_${orderId}`;
  const checkout = await api.context.db.get<{ session_id: string }>(
    'SELECT session_id FROM checkouts WHERE order_id = ?',
    [orderId],
  );
  await api.context.db.run("UPDATE checkouts SET payment_status = 'paid' WHERE order_id = ?", [orderId]);
  const event = (type: string, object: Record<string, unknown>) =>
    api.context.orders.applyEvent({ id: `evt_${++eventCounter}`, type, data: { object: object as { id: string } } });
  expect(
    await event('checkout.session.completed', {
      id: checkout!.session_id,
      payment_status: 'paid',
      payment_intent: intent,
    }),
  ).toBe('processed');
  const paid: Paid = {
    api,
    learner,
    orderId,
    intent,
    event,
    refund: (refundId, status, ids = [courseIds[0]!]) =>
      event('refund.updated', { id: refundId, status, metadata: { orderId, courseIds: ids.join(',') } }),
    dispute: (type, status) =>
      event(type, { id: `dp_${orderId}`, payment_intent: intent, ...(status ? { status } : {}) }),
    async access() {
      const rows = await api.call<{ documents: { courseId: string; revokedAt?: number }[] }>(
        'GET',
        '/v1/sync/entitlements/pull',
        { token: learner.accessToken },
      );
      return rows.body.documents
        .filter((e) => e.revokedAt === undefined)
        .map((e) => e.courseId)
        .sort();
    },
    async status() {
      const rows = await api.call<{ documents: { status: string }[] }>('GET', '/v1/sync/orders/pull', {
        token: learner.accessToken,
      });
      return rows.body.documents[0]!.status;
    },
  };
  expect(await paid.access()).toEqual([...courseIds].sort());
  return paid;
}

describe('the transition table', () => {
  it('moves each refund or dispute forward only; repeats, backward and sideways moves change nothing', () => {
    for (const [from, targets] of Object.entries(REFUND_TRANSITIONS)) {
      for (const to of ['pending', 'requires_action', 'succeeded', 'failed', 'canceled']) {
        expect(nextItemState('refund', from === 'none' ? undefined : from, to), `refund ${from} → ${to}`).toBe(
          (targets as readonly string[]).includes(to) ? to : undefined,
        );
      }
    }
    for (const [from, targets] of Object.entries(DISPUTE_TRANSITIONS)) {
      for (const to of ['open', 'won', 'lost']) {
        expect(nextItemState('dispute', from === 'none' ? undefined : from, to), `dispute ${from} → ${to}`).toBe(
          (targets as readonly string[]).includes(to) ? to : undefined,
        );
      }
    }
  });
});

describe('refunds', () => {
  it('none → pending: nothing changes until the refund succeeds; pending → succeeded: the item’s access ends', async () => {
    const order = await paidOrder();
    expect(await order.refund('re_1', 'pending')).toBe('processed');
    expect(await order.access()).toEqual(['algorithms-intro', 'python-data']);
    expect(await order.status()).toBe('paid');
    expect(await order.refund('re_1', 'succeeded')).toBe('processed');
    expect(await order.access()).toEqual(['python-data']);
    expect(await order.status()).toBe('partially_refunded');
  });

  it('none → succeeded: access ends at once; a repeat of the same state, or a move back to pending, changes nothing', async () => {
    const order = await paidOrder();
    expect(await order.refund('re_2', 'succeeded')).toBe('processed');
    expect(await order.refund('re_2', 'succeeded')).toBe('ignored');
    expect(await order.refund('re_2', 'pending')).toBe('ignored');
    expect(await order.access()).toEqual(['python-data']);
  });

  it('pending → failed and pending → canceled change nothing, and end the refund', async () => {
    for (const end of ['failed', 'canceled']) {
      const order = await paidOrder();
      expect(await order.refund(`re_${end}`, 'pending')).toBe('processed');
      expect(await order.refund(`re_${end}`, end)).toBe('processed');
      expect(await order.refund(`re_${end}`, 'succeeded')).toBe('ignored');
      expect(await order.access()).toEqual(['algorithms-intro', 'python-data']);
      expect(await order.status()).toBe('paid');
    }
  });

  it('succeeded → failed (the bank returned it): access comes back and the item is paid again', async () => {
    const order = await paidOrder();
    await order.refund('re_3', 'succeeded', ['algorithms-intro', 'python-data']);
    expect(await order.access()).toEqual([]);
    expect(await order.status()).toBe('refunded');
    expect(await order.refund('re_3', 'failed', ['algorithms-intro', 'python-data'])).toBe('processed');
    expect(await order.access()).toEqual(['algorithms-intro', 'python-data']);
    expect(await order.status()).toBe('paid');
  });

  it('a duplicate event id applies once', async () => {
    const order = await paidOrder();
    const event = {
      id: 'evt_dup',
      type: 'refund.updated',
      data: {
        object: {
          id: 're_dup',
          status: 'succeeded',
          metadata: { orderId: order.orderId, courseIds: 'algorithms-intro' },
        },
      },
    };
    expect(
      await Promise.all([order.api.context.orders.applyEvent(event), order.api.context.orders.applyEvent(event)]),
    ).toEqual(expect.arrayContaining(['processed', 'duplicate']));
  });
});

describe('payments after the fact', () => {
  it('paid once is paid: a second or late completion grants nothing a refund took', async () => {
    const order = await paidOrder();
    await order.refund('re_4', 'succeeded');
    const checkout = await order.api.context.db.get<{ session_id: string }>(
      'SELECT session_id FROM checkouts WHERE order_id = ?',
      [order.orderId],
    );
    expect(await order.event('checkout.session.completed', { id: checkout!.session_id, payment_status: 'paid' })).toBe(
      'processed',
    );
    expect(await order.event('checkout.session.async_payment_succeeded', { id: checkout!.session_id })).toBe(
      'processed',
    );
    expect(await order.access()).toEqual(['python-data']);
  });

  it('an order given up and then paid after all (its checkout completed as it was superseded) grants, and its coupon use counts again', async () => {
    const api = await startTestServer(newDir());
    cleanups.push(() => api.close());
    const root = await signUpAndIn(api, 'root@example.com');
    await api.context.auth.setRole(root.userId, 'admin');
    const now = Date.now();
    await api.call('POST', '/v1/admin/coupons', {
      token: root.accessToken,
      body: {
        code: 'HALF',
        kind: 'percent',
        value: 50,
        validFrom: now - 1000,
        validUntil: now + 3_600_000,
        maxRedemptions: 5,
      },
    });
    const learner = await signUpAndIn(api, 'late@example.com');
    const first = await api.call<{ orderId: string }>('POST', '/v1/orders', {
      token: learner.accessToken,
      body: { courseIds: ['algorithms-intro'], couponCode: 'HALF' },
    });
    await api.call('POST', '/v1/orders', {
      token: learner.accessToken,
      body: { courseIds: ['python-data'], couponCode: 'HALF' },
    });
    expect(await api.context.db.get('SELECT redemptions FROM coupons WHERE code = ?', ['HALF'])).toEqual({
      redemptions: 1,
    });
    const checkout = await api.context.db.get<{ session_id: string }>(
      'SELECT session_id FROM checkouts WHERE order_id = ?',
      [first.body.orderId],
    );
    await api.context.db.run("UPDATE checkouts SET payment_status = 'paid' WHERE order_id = ?", [first.body.orderId]);
    expect(
      await api.context.orders.applyEvent({
        id: 'evt_late_pay',
        type: 'checkout.session.completed',
        data: { object: { id: checkout!.session_id } },
      }),
    ).toBe('processed');
    const rows = await api.call<{ documents: { courseId: string }[] }>('GET', '/v1/sync/entitlements/pull', {
      token: learner.accessToken,
    });
    expect(rows.body.documents.map((e) => e.courseId)).toEqual(['algorithms-intro']);
    expect(await api.context.db.get('SELECT redemptions FROM coupons WHERE code = ?', ['HALF'])).toEqual({
      redemptions: 2,
    });
  });
});

describe('disputes', () => {
  it('none → open suspends the whole order; open → won gives back what was not refunded', async () => {
    const order = await paidOrder();
    await order.refund('re_5', 'succeeded', ['algorithms-intro']);
    expect(await order.dispute('charge.dispute.created')).toBe('processed');
    expect(await order.access()).toEqual([]);
    expect(await order.dispute('charge.dispute.closed', 'won')).toBe('processed');
    expect(await order.access()).toEqual(['python-data']);
    // A won dispute is final: a late "created" changes nothing.
    expect(await order.dispute('charge.dispute.created')).toBe('ignored');
    expect(await order.access()).toEqual(['python-data']);
  });

  it('open → lost keeps the order’s access ended; a dispute still under review (closed without an outcome) changes nothing', async () => {
    const order = await paidOrder();
    expect(await order.dispute('charge.dispute.created')).toBe('processed');
    expect(await order.dispute('charge.dispute.closed', 'under_review')).toBe('ignored');
    expect(await order.dispute('charge.dispute.closed', 'lost')).toBe('processed');
    expect(await order.access()).toEqual([]);
  });

  it('a dispute suspends only the order’s own purchases: a seat or an admin grant of the same course stays', async () => {
    const order = await paidOrder(['algorithms-intro']);
    const root = await signUpAndIn(order.api, 'root@example.com');
    await order.api.context.auth.setRole(root.userId, 'admin');
    await order.api.call('POST', '/v1/admin/entitlements', {
      token: root.accessToken,
      body: { userId: order.learner.userId, courseId: 'algorithms-intro' },
    });
    await order.dispute('charge.dispute.created');
    expect(await order.access()).toEqual(['algorithms-intro']);
  });
});
