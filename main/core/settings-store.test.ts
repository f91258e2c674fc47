import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../common/settings.js';
import { useTempDirs } from '../../tests/helpers.js';
import { createCore, type Core } from './create-core.js';

const newDir = useTempDirs();
const opened: Core[] = [];
afterEach(async () => {
  for (const core of opened.splice(0)) await core.close();
});
async function open(dataDir: string, extra: Partial<Parameters<typeof createCore>[0]> = {}): Promise<Core> {
  const core = await createCore({
    dataDir,
    appVersion: '1.2.3',
    runtime: 'node',
    now: () => new Date('2026-11-24T10:00:00Z'),
    ...extra,
  });
  opened.push(core);
  return core;
}

describe('settings', () => {
  it('start from the defaults', async () => {
    const core = await open(newDir());
    expect(await core.operations['settings.get']({})).toEqual(defaultSettings);
  });

  it('survive a restart of the core, in a file only the user can read', async () => {
    const dir = newDir();
    const first = await createCore({ dataDir: dir, appVersion: '1', runtime: 'node' });
    await first.operations['settings.update']({ language: 'zh-CN', theme: 'dark' });
    await first.close();

    const second = await open(dir);
    expect(await second.operations['settings.get']({})).toMatchObject({ language: 'zh-CN', theme: 'dark' });
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('refuse an invalid value and leave the stored file untouched', async () => {
    const dir = newDir();
    const core = await open(dir);
    await core.operations['settings.update']({ theme: 'dark' });
    const before = readFileSync(join(dir, 'settings.json'));
    await expect(core.operations['settings.update']({ syncServerUrl: 'javascript:alert(1)' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      core.operations['settings.update']({ syncServerUrl: 'https://user:pw@example.com' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(readFileSync(join(dir, 'settings.json'))).toEqual(before);
  });

  it('keep a corrupt file aside instead of overwriting it, and fall back to defaults', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'settings.json'), '{"language": "zh-CN", ');
    const core = await open(dir);
    expect(await core.operations['settings.get']({})).toEqual(defaultSettings);
    const kept = readdirSync(dir).find((name) => name.startsWith('settings.json.invalid-'));
    expect(kept).toBeDefined();
    expect(readFileSync(join(dir, kept!), 'utf8')).toBe('{"language": "zh-CN", ');
  });

  it('treat a schema-violating file the same way', async () => {
    const dir = newDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ language: 'klingon', theme: 'dark', syncServerUrl: 'http://a' }),
    );
    const core = await open(dir);
    expect((await core.operations['settings.get']({})).language).toBe('system');
  });

  it('are pushed to watchers on subscribe and on every change', async () => {
    const core = await open(newDir());
    const seen: string[] = [];
    const stop = core.subscriptions['settings.watch']({}, (settings) => seen.push(settings.theme));
    await core.operations['settings.update']({ theme: 'light' });
    stop();
    await core.operations['settings.update']({ theme: 'dark' });
    expect(seen).toEqual(['system', 'light']);
  });

  it('take provisioned initial values where the user has not chosen', async () => {
    const core = await open(newDir(), { initialSettings: { syncServerUrl: 'https://sync.school.example' } });
    expect((await core.operations['settings.get']({})).syncServerUrl).toBe('https://sync.school.example');
  });
});
