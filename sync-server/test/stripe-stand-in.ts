import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/** One request the stand-in received, as the SDK sent it. */
export interface StandInCall {
  method: string;
  path: string;
  form: URLSearchParams;
  idempotencyKey: string | undefined;
  /** The `Stripe-Account` header: a request made on behalf of a connected account. */
  account: string | undefined;
}

type Json = Record<string, unknown>;

/**
 * A local stand-in speaking Stripe's wire format for what marketplaces use: checkout sessions,
 * payment intents, refunds, Connect accounts and account links, transfers and their reversals,
 * and connected accounts' balances. Creating requests honour idempotency keys as Stripe does
 * (the same key answers the same object). `failures` makes the next transfers fail: `unsure`
 * with a 500 the SDK must not retry, `refuse` with a 400 for one destination.
 */
export async function startStripeStandIn(cleanups: { push(cleanup: () => Promise<void>): void }) {
  const calls: StandInCall[] = [];
  const sessions = new Map<string, Json>();
  const answered = new Map<string, Json>();
  const transfers: Json[] = [];
  const reversals: Json[] = [];
  const failures = { unsure: 0, refuse: new Set<string>() };
  /** Subscriptions as the stand-in's "Stripe" knows them: what a retrieve answers. */
  const subscriptions = new Map<string, Json>();
  const count = { accounts: 0, refunds: 0 };

  const readForm = async (request: IncomingMessage) => {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    return new URLSearchParams(body);
  };

  function answer(call: StandInCall): [number, Json] {
    const { method, path, form } = call;
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const n = sessions.size + 1;
      const session = {
        id: `cs_test_${n}`,
        object: 'checkout.session',
        url: `https://checkout.stripe.com/c/pay/cs_test_${n}`,
        payment_status: 'unpaid',
        status: 'open',
        payment_intent: `pi_${n}`,
        client_reference_id: form.get('client_reference_id'),
      };
      sessions.set(session.id, session);
      return [200, session];
    }
    const session = /^\/v1\/checkout\/sessions\/(\w+)$/.exec(path);
    if (method === 'GET' && session && sessions.has(session[1]!)) return [200, sessions.get(session[1]!)!];
    const intent = /^\/v1\/payment_intents\/pi_(\d+)$/.exec(path);
    if (method === 'GET' && intent)
      return [200, { id: `pi_${intent[1]}`, object: 'payment_intent', latest_charge: `ch_${intent[1]}` }];
    if (method === 'POST' && path === '/v1/refunds')
      return [200, { id: `re_${++count.refunds}`, object: 'refund', status: 'pending' }];
    if (method === 'POST' && path === '/v1/accounts')
      return [200, { id: `acct_${++count.accounts}zk`, object: 'account' }];
    if (method === 'POST' && path === '/v1/account_links')
      return [
        200,
        { object: 'account_link', url: `https://connect.stripe.com/setup/${form.get('account')}`, created: 0 },
      ];
    if (method === 'POST' && path === '/v1/transfers') {
      const destination = form.get('destination') ?? '';
      if (failures.refuse.has(destination))
        return [400, { error: { type: 'invalid_request_error', message: 'Insufficient available balance.' } }];
      const transfer = {
        id: `tr_${transfers.length + 1}`,
        object: 'transfer',
        amount: Number(form.get('amount')),
        currency: form.get('currency'),
        destination,
      };
      transfers.push(transfer);
      return [200, transfer];
    }
    const reversal = /^\/v1\/transfers\/(tr_\d+)\/reversals$/.exec(path);
    if (method === 'POST' && reversal) {
      const made = {
        id: `trr_${reversals.length + 1}`,
        object: 'transfer_reversal',
        amount: Number(form.get('amount')),
        transfer: reversal[1],
      };
      reversals.push(made);
      return [200, made];
    }
    const subscription = /^\/v1\/subscriptions\/(sub_\w+)$/.exec(path);
    if (subscription && subscriptions.has(subscription[1]!)) {
      const current = subscriptions.get(subscription[1]!)!;
      if (method === 'POST') {
        const cancel = form.get('cancel_at_period_end');
        if (cancel !== null) current.cancel_at_period_end = cancel === 'true';
        const planId = form.get('metadata[planId]');
        if (planId) current.metadata = { ...(current.metadata as Json), planId };
        if (form.get('items[0][price_data][unit_amount]'))
          current.items = {
            object: 'list',
            data: [
              {
                id: 'si_1',
                price: { id: 'price_2', product: form.get('items[0][price_data][product]') },
              },
            ],
          };
      }
      return [200, current];
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions')
      return [
        200,
        {
          id: 'bps_1',
          object: 'billing_portal.session',
          url: `https://billing.stripe.com/p/session/${form.get('customer')}`,
        },
      ];
    if (method === 'GET' && path === '/v1/balance')
      return [
        200,
        {
          object: 'balance',
          available: [{ amount: 1_234, currency: 'cny' }],
          pending: [{ amount: 567, currency: 'cny' }],
        },
      ];
    return [404, { error: { type: 'invalid_request_error', message: 'No such resource' } }];
  }

  const standIn = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const call: StandInCall = {
        method: request.method ?? 'GET',
        path: url.pathname,
        form: await readForm(request),
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
        account: request.headers['stripe-account'] as string | undefined,
      };
      calls.push(call);
      response.setHeader('content-type', 'application/json');
      if (call.method === 'POST' && call.path === '/v1/transfers' && failures.unsure > 0) {
        failures.unsure--;
        response.statusCode = 500;
        response.setHeader('stripe-should-retry', 'false');
        return response.end(JSON.stringify({ error: { type: 'api_error', message: 'Try again later.' } }));
      }
      const key = call.idempotencyKey ? `${call.path} ${call.idempotencyKey}` : undefined;
      const [status, body] = key && answered.has(key) ? [200, answered.get(key)!] : answer(call);
      if (key && status === 200) answered.set(key, body);
      response.statusCode = status;
      response.end(JSON.stringify(body));
    })();
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => standIn.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`,
    calls,
    sessions,
    transfers,
    reversals,
    failures,
    subscriptions,
  };
}

/** Delivers an event to the server's webhook, signed with Stripe's scheme by `secret`. */
export async function deliverEvent(
  serverUrl: string,
  secret: string,
  event: { id: string; type: string; object: Json },
): Promise<{ status: number; outcome: string | undefined }> {
  const payload = JSON.stringify({ id: event.id, object: 'event', type: event.type, data: { object: event.object } });
  const stripe = new Stripe('sk_test_stand_in');
  const response = await fetch(`${serverUrl}/v1/payments/stripe/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }),
    },
    body: payload,
  });
  const body = (await response.json()) as { outcome?: string };
  return { status: response.status, outcome: body.outcome };
}
