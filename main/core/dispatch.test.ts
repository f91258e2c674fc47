import { describe, expect, it } from 'vitest';
import type { OperationHandlers, SubscriptionSources } from '../../common/contract/index.js';
import { defaultSettings } from '../../common/settings.js';
import { invokeOperation, openSubscription } from './dispatch.js';

const calls: unknown[] = [];
const handlers = {
  'app.getInfo': async () => {
    throw new Error('disk exploded at /home/secret/path');
  },
  'settings.get': async () => defaultSettings,
  'settings.update': async (patch: unknown) => {
    calls.push(patch);
    return defaultSettings;
  },
  'server.checkStatus': async () => ({ url: 'x', checkedAt: 'y', reachable: false }),
} as unknown as OperationHandlers;

describe('invokeOperation', () => {
  it('runs a valid request and returns its value', async () => {
    expect(await invokeOperation(handlers, 'settings.get', {})).toEqual({ ok: true, value: defaultSettings });
  });

  it('refuses unknown operations, including inherited keys', async () => {
    for (const name of ['settings.drop', 'toString', '__proto__', 42, undefined]) {
      const reply = await invokeOperation(handlers, name, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    }
  });

  it('refuses invalid input with field-level issues and never calls the handler', async () => {
    calls.length = 0;
    const cases = [{ language: 'fr' }, { theme: 1 }, {}, { language: 'en', extra: true }, 'en', null, [1]];
    for (const input of cases) {
      const reply = await invokeOperation(handlers, 'settings.update', input);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('INVALID_INPUT');
        expect(reply.error.issues?.length).toBeGreaterThan(0);
      }
    }
    expect(calls).toEqual([]);
  });

  it('turns an unexpected failure into INTERNAL without leaking its message', async () => {
    const reply = await invokeOperation(handlers, 'app.getInfo', {});
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'An unexpected error occurred.' } });
  });
});

describe('openSubscription', () => {
  const sources = {
    'settings.watch': (_input: unknown, emit: (value: unknown) => void) => {
      emit(defaultSettings);
      return () => calls.push('closed');
    },
  } as unknown as SubscriptionSources;

  it('emits values and returns a closer', () => {
    calls.length = 0;
    const values: unknown[] = [];
    const close = openSubscription(
      sources,
      'settings.watch',
      {},
      (v) => values.push(v),
      () => undefined,
    );
    expect(values).toEqual([defaultSettings]);
    close();
    expect(calls).toEqual(['closed']);
  });

  it('reports unknown names and bad input once, as errors', () => {
    const errors: unknown[] = [];
    openSubscription(
      sources,
      'settings.get',
      {},
      () => undefined,
      (e) => errors.push(e.code),
    );
    openSubscription(
      sources,
      'settings.watch',
      { all: true },
      () => undefined,
      (e) => errors.push(e.code),
    );
    expect(errors).toEqual(['UNKNOWN_OPERATION', 'INVALID_INPUT']);
  });
});
