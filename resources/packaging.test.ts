import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPackage } from '@electron/asar';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot, useTempDirs } from '../tests/helpers.js';

const newDir = useTempDirs();

/** Bare package names that the built main-process code imports (what must be in the archive). */
function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.js')) continue;
    const code = readFileSync(join(dir, entry), 'utf8');
    for (const match of code.matchAll(/(?:from\s*|import\(\s*|require\(\s*)["']([^"'./][^"']*)["']/g)) {
      const spec = match[1]!;
      if (spec.startsWith('node:') || spec === 'electron') continue;
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return names;
}

/**
 * A packaging dry run: electron-builder packs the real build into a Linux directory target
 * with a stand-in Electron distribution (the binary cannot be downloaded here; fuses need the
 * real one, so they are off for this run only). What matters is the app archive.
 */
describe('the packaged app', () => {
  it('holds the built main, preload and renderer and the native module, and no tests, sources, maps or server packages', async () => {
    if (!existsSync(join(projectRoot, 'out/main/electron.js'))) throw new Error('Run `npm run build` first: the dry run packs out/.');
    const scratch = newDir();
    const electronDist = join(scratch, 'electron-dist');
    mkdirSync(join(electronDist, 'resources'), { recursive: true });
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho stand-in for the Electron binary\n', { mode: 0o755 });
    // electron-builder hard-links files under Vitest (it checks VITEST when it loads), which
    // here would link the output to the repository's own files: load it without that.
    delete process.env.VITEST;
    const { build, Platform } = await import('electron-builder');
    const config = parse(readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & { directories: object };
    await build({
      projectDir: projectRoot,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      config: { ...config, electronDist, electronFuses: null, npmRebuild: false, directories: { ...config.directories, output: join(scratch, 'release') } } as never,
    });
    const resources = join(scratch, 'release/linux-unpacked/resources');
    const files = listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    for (const needed of ['/out/main/electron.js', '/out/main/recommend-worker.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) expect(files).toContain(needed);
    expect(files.filter((f) => /\.(map|ts|tsx)$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /\.test\.|\/(test|tests|__tests__)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /^\/(e2e|scripts|sync-server|common|main|renderer|docs)\//.test(f))).toEqual([]);

    const packaged = new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/').slice(2, f.split('/')[2]!.startsWith('@') ? 4 : 3).join('/')));
    for (const name of importedPackages(join(projectRoot, 'out/main'))) expect(packaged, `${name} is imported by the app`).toContain(name);
    for (const serverOnly of ['fastify', 'pg', 'stripe', '@node-rs/argon2', 'pino']) expect(packaged).not.toContain(serverOnly);

    // The native module is outside the archive, with this platform's binary only.
    const sqlite = join(resources, 'app.asar.unpacked/node_modules/better-sqlite3');
    expect(readdirSync(join(sqlite, 'prebuilds'))).toEqual(['linux-arm64.node', 'linux-x64.node', 'linuxmusl-arm64.node', 'linuxmusl-x64.node']);
    expect(existsSync(join(sqlite, 'deps'))).toBe(false);

    const megabytes = statSync(join(resources, 'app.asar')).size / 2 ** 20;
    console.log(`app.asar ${megabytes.toFixed(1)} MiB, ${files.length} entries; packages: ${packaged.size}`);
    expect(megabytes).toBeLessThan(40);
  }, 180_000);
});
