import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { PayoutAccount } from '../../common/server-api/payouts.js';
import { paymentsHarness } from './payments-harness.js';
import { signUpAndIn, type Session, type TestServer } from './server-harness.js';

const { cleanups, server } = paymentsHarness();

const status = async (api: TestServer, who: Session) =>
  api.call<{ account: PayoutAccount }>('GET', '/v1/creator/payouts', { token: who.accessToken });
const onboard = (api: TestServer, who: Session) =>
  api.call<{ url: string; account: PayoutAccount }>('POST', '/v1/creator/payouts/onboarding', {
    token: who.accessToken,
    body: {},
  });

describe('creator payouts: onboarding an Express account', () => {
  it('in test mode: a labelled test onboarding page drives the same account.updated path', async () => {
    const api = await server({ ZHIKU_PAYMENTS: 'test' });
    const lin = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });
    const learner = await signUpAndIn(api, 'mei@example.com');
    // Learners have no payout account to see or start.
    expect((await status(api, learner)).status).toBe(403);
    expect((await onboard(api, learner)).status).toBe(403);

    expect((await status(api, lin)).body.account).toEqual({
      testMode: true,
      connected: false,
      detailsSubmitted: false,
      chargesEnabled: false,
      payoutsEnabled: false,
    });
    const started = await onboard(api, lin);
    expect(started.status).toBe(200);
    expect(started.body.account).toMatchObject({ connected: true, payoutsEnabled: false });
    const link = new URL(started.body.url);
    const page = await (await fetch(link)).text();
    expect(page).toContain('TEST ONBOARDING');
    expect(page).toContain('Complete test onboarding');
    // Onboarding again keeps the one account.
    expect(new URL((await onboard(api, lin)).body.url).pathname).toBe(link.pathname);

    const done = await fetch(`${link.href}/complete`, { method: 'POST' });
    expect(await done.text()).toContain('processed');
    expect((await status(api, lin)).body.account).toMatchObject({
      connected: true,
      detailsSubmitted: true,
      chargesEnabled: true,
      payoutsEnabled: true,
    });
    expect(await (await fetch(`${link.href}/complete`, { method: 'POST' })).text()).toContain('duplicate');
    // An account id of no one, or not of the test form: nothing.
    expect(await (await fetch(`${api.url}/v1/test-connect/acct_test_0000000000000000`)).text()).toContain(
      'No such account',
    );
    expect((await fetch(`${api.url}/v1/test-connect/acct_real`)).status).toBe(400);
    // Another creator's account is untouched.
    const han = await signUpAndIn(api, 'han@example.com', { role: 'creator' });
    expect((await status(api, han)).body.account.connected).toBe(false);
  });

  it('with Stripe: one Express account per creator (idempotent), and only signed account.updated events count', async () => {
    const accounts: URLSearchParams[] = [];
    const links: URLSearchParams[] = [];
    const keys: string[] = [];
    const readBody = async (request: IncomingMessage) => {
      let body = '';
      for await (const chunk of request) body += String(chunk);
      return new URLSearchParams(body);
    };
    const standIn = createServer((request, response) => {
      void (async () => {
        response.setHeader('content-type', 'application/json');
        if (request.method === 'POST' && request.url === '/v1/accounts') {
          accounts.push(await readBody(request));
          keys.push(String(request.headers['idempotency-key']));
          return response.end(JSON.stringify({ id: `acct_${accounts.length}abc`, object: 'account' }));
        }
        if (request.method === 'POST' && request.url === '/v1/account_links') {
          const form = await readBody(request);
          links.push(form);
          return response.end(
            JSON.stringify({
              object: 'account_link',
              url: `https://connect.stripe.com/setup/e/${form.get('account')}/x`,
              expires_at: 0,
              created: 0,
            }),
          );
        }
        response.statusCode = 404;
        response.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'No such resource' } }));
      })();
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => standIn.close(() => resolve())));
    const secret = 'whsec_test_secret_for_zhiku';
    const api = await server({
      STRIPE_SECRET_KEY: 'sk_test_zhiku',
      STRIPE_WEBHOOK_SECRET: secret,
      ZHIKU_STRIPE_API_BASE: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`,
      ZHIKU_PUBLIC_URL: 'https://zhiku.example',
      STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_connect_endpoint',
    });
    const lin = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });

    const first = await onboard(api, lin);
    expect(first.body).toMatchObject({
      url: 'https://connect.stripe.com/setup/e/acct_1abc/x',
      account: { testMode: false },
    });
    expect(accounts[0]!.get('type')).toBe('express');
    expect(accounts[0]!.get('email')).toBe('lin@example.com');
    expect(accounts[0]!.get('metadata[userId]')).toBe(lin.userId);
    expect(accounts[0]!.get('capabilities[transfers][requested]')).toBe('true');
    expect(keys).toEqual([`zhiku-connect-${lin.userId}`]);
    expect(links[0]!.get('type')).toBe('account_onboarding');
    expect(links[0]!.get('return_url')).toBe('https://zhiku.example/payouts/onboarding');
    expect(links[0]!.get('refresh_url')).toBe('https://zhiku.example/payouts/onboarding?expired=1');
    // A second onboarding makes a new link for the same account, never a second account.
    await onboard(api, lin);
    expect(accounts).toHaveLength(1);
    expect(links.map((l) => l.get('account'))).toEqual(['acct_1abc', 'acct_1abc']);

    const stripe = new Stripe('sk_test_zhiku');
    const deliver = (id: string, account: string, signWith = secret) => {
      const payload = JSON.stringify({
        id,
        object: 'event',
        type: 'account.updated',
        data: {
          object: {
            id: account,
            object: 'account',
            details_submitted: true,
            charges_enabled: true,
            payouts_enabled: true,
          },
        },
      });
      return fetch(`${api.url}/v1/payments/stripe/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: signWith }),
        },
        body: payload,
      });
    };
    expect((await deliver('evt_forged', 'acct_1abc', 'whsec_someone_else')).status).toBe(400);
    expect((await status(api, lin)).body.account.payoutsEnabled).toBe(false);
    expect(await (await deliver('evt_other', 'acct_not_ours')).json()).toEqual({ received: true, outcome: 'ignored' });
    expect(await (await deliver('evt_1', 'acct_1abc')).json()).toEqual({ received: true, outcome: 'processed' });
    expect(await (await deliver('evt_1', 'acct_1abc')).json()).toEqual({ received: true, outcome: 'duplicate' });
    // The Connect endpoint's own secret signs too (Stripe sends connected accounts' events there).
    expect(await (await deliver('evt_2', 'acct_1abc', 'whsec_connect_endpoint')).json()).toEqual({
      received: true,
      outcome: 'processed',
    });
    expect((await status(api, lin)).body.account).toMatchObject({ detailsSubmitted: true, payoutsEnabled: true });
    // The return page points back to the app, in both languages.
    const back = await (await fetch(`${api.url}/payouts/onboarding`)).text();
    expect(back).toContain('Go back to Zhiku');
    expect(back).toContain('回到知库');
  });
});
