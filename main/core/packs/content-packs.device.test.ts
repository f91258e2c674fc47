import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenedLesson } from '../../../common/contract/learning.js';
import { demoCatalogPath, useCleanups, useTempDirs } from '../../../tests/helpers.js';
import { postJson, restartableServer, spawnDevice, until } from '../sync/test/sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();
const COURSE = 'python-data';

describe('content packs', () => {
  it('carry a course to another machine that imports it without downloading, opens only what its learner owns, and refuse changed files', async () => {
    const serverDir = newDir();
    const server = await restartableServer(serverDir);
    cleanups.push(() => server.stop());
    const post = (path: string, body: unknown, token?: string) => postJson(server.url, path, body, token);
    await post('/v1/auth/register', {
      email: 'it@school.example',
      password: 'correct horse battery',
      displayName: 'IT',
      role: 'learner',
    });
    const admin = (await (
      await post('/v1/auth/login', {
        email: 'it@school.example',
        password: 'correct horse battery',
        device: { installId: 'install-it-packs-0001', name: 'IT', platform: 'linux' },
      })
    ).json()) as { accessToken: string; user: { id: string } };
    await server.server.context.auth.setRole(admin.user.id, 'admin');

    async function learner(email: string, granted: boolean) {
      const dataDir = newDir();
      const device = await spawnDevice(dataDir, server.url, email);
      cleanups.push(() => device.close());
      await device.call('signUp', { email, password: 'correct horse battery', displayName: email.split('@')[0] });
      const user = await server.server.context.db.get<{ id: string }>('SELECT id FROM users WHERE email = ?', [email]);
      await until(async () => expect(await device.call<number>('showCatalogue')).toBeGreaterThan(40));
      if (granted) {
        const grant = await post('/v1/admin/entitlements', { userId: user!.id, courseId: COURSE }, admin.accessToken);
        expect(grant.status, await grant.clone().text()).toBe(201);
        await until(async () => expect(await device.call<number>('count', 'entitlements')).toBe(1));
      }
      return { device, invoke: <T>(name: string, input: unknown) => device.call<T>('invoke', name, input) };
    }

    // The IT machine exports the course (downloading what it has not yet).
    const exporter = await learner('exporter@school.example', true);
    const usb = newDir();
    const exported = await exporter.invoke<{ lessons: number; bytes: number }>('packs.export', {
      courseIds: [COURSE],
      folder: usb,
    });
    expect(exported.lessons).toBe(4);
    const packFiles = readdirSync(join(usb, 'zhiku-pack')).sort();
    expect(packFiles).toContain('manifest.json');
    expect(packFiles.filter((f) => f.endsWith('.zkp'))).toHaveLength(4);
    // The pack holds no plaintext and no key.
    const text = readFileSync(join(demoCatalogPath, '..', 'lessons', 'py-l3.md')).subarray(0, 48);
    for (const file of packFiles) expect(readFileSync(join(usb, 'zhiku-pack', file)).includes(text)).toBe(false);
    await expect(
      exporter.invoke('packs.export', { courseIds: ['algorithms-intro'], folder: newDir() }),
    ).rejects.toThrow(/Only courses you own/);
    await expect(exporter.invoke('packs.export', { courseIds: [COURSE], folder: 'relative/usb' })).rejects.toThrow(
      /full path/,
    );

    // From here on the server has no content to download: the pack is the only source.
    rmSync(join(serverDir, 'content'), { recursive: true, force: true });

    const classmate = await learner('classmate@school.example', true);
    expect(await classmate.invoke('packs.import', { folder: usb })).toEqual({ lessons: 4, ready: 4, waiting: 0 });
    const opened = await classmate.invoke<OpenedLesson>('lessons.open', { lessonId: 'py-l3' });
    expect(opened.text?.length).toBeGreaterThan(100);
    // Importing again is harmless: nothing is copied or unlocked twice.
    expect(await classmate.invoke('packs.import', { folder: join(usb, 'zhiku-pack') })).toEqual({
      lessons: 4,
      ready: 4,
      waiting: 0,
    });

    // Someone who does not own the course keeps the encrypted copies but opens only the free preview.
    const stranger = await learner('stranger@school.example', false);
    const strangerImport = await stranger.invoke('packs.import', { folder: usb });
    expect(strangerImport, JSON.stringify(await stranger.device.call('watchOnce', 'packs.watch', {}))).toEqual({
      lessons: 4,
      ready: 1,
      waiting: 3,
    });
    await expect(stranger.invoke('lessons.open', { lessonId: 'py-l3' })).rejects.toThrow();

    // A changed file, or a changed manifest, is refused with what is wrong.
    const tampered = newDir();
    cpSync(usb, tampered, { recursive: true });
    const victim = join(
      tampered,
      'zhiku-pack',
      packFiles.find((f) => f.endsWith('.zkp'))!,
    );
    const bytes = readFileSync(victim);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
    writeFileSync(victim, bytes);
    const third = await learner('third@school.example', true);
    await expect(third.invoke('packs.import', { folder: tampered })).rejects.toThrow(/does not match its manifest/);
    const manifestFile = join(tampered, 'zhiku-pack', 'manifest.json');
    const signed = JSON.parse(readFileSync(manifestFile, 'utf8')) as { manifest: { createdAt: number } };
    signed.manifest.createdAt += 1;
    writeFileSync(manifestFile, JSON.stringify(signed));
    await expect(third.invoke('packs.import', { folder: tampered })).rejects.toThrow(
      /changed after the server signed it/,
    );
  }, 120_000);
});
