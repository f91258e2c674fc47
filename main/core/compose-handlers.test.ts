import { afterAll, describe, expect, it } from 'vitest';
import { operations, subscriptions } from '../../common/contract/operations.js';
import { useTempDirs } from '../../tests/helpers.js';
import { exactlyOnce } from './compose-handlers.js';
import { createCore, type Core } from './create-core.js';

const newDir = useTempDirs();
let core: Core | undefined;
afterAll(async () => core?.close());

describe('the core by domain', () => {
  it('handles every operation and subscription of the contract, and nothing else', async () => {
    core = await createCore({ dataDir: newDir(), appVersion: '1', runtime: 'node' });
    expect(Object.keys(core.operations).sort()).toEqual(Object.keys(operations).sort());
    expect(Object.keys(core.subscriptions).sort()).toEqual(Object.keys(subscriptions).sort());
  });

  it('merges the domains’ slices into one object', () => {
    const merged = exactlyOnce({ a: 1 }, { b: 2 }, { c: 3 });
    expect(merged).toEqual({ a: 1, b: 2, c: 3 });
  });
});
