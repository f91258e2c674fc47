import { describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/create-core.js';
import { useTempDirs } from '../../tests/helpers.js';
import { IPC_CHANNELS, WEB_HOST_PATHS } from '../channels.js';
import { isOperationName, isSubscriptionName, operations, subscriptions } from './index.js';

const newDir = useTempDirs();

describe('the API contract', () => {
  it('names every operation and subscription as domain.action, once', () => {
    const names = [...Object.keys(operations), ...Object.keys(subscriptions)];
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]+$/);
  });

  it('is implemented exactly by the core: no operation missing, none extra', async () => {
    const core = await createCore({ dataDir: newDir(), appVersion: '0.0.0-test', runtime: 'node' });
    expect(Object.keys(core.operations).sort()).toEqual(Object.keys(operations).sort());
    expect(Object.keys(core.subscriptions).sort()).toEqual(Object.keys(subscriptions).sort());
    await core.close();
  });

  it('recognises only its own names, not inherited object keys', () => {
    expect(isOperationName('settings.get')).toBe(true);
    expect(isOperationName('toString')).toBe(false);
    expect(isOperationName('__proto__')).toBe(false);
    expect(isSubscriptionName('settings.watch')).toBe(true);
    expect(isSubscriptionName('settings.get')).toBe(false);
  });

  it('gives every transport channel a distinct name', () => {
    const channels = Object.values(IPC_CHANNELS);
    expect(new Set(channels).size).toBe(channels.length);
    const paths = Object.values(WEB_HOST_PATHS);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
