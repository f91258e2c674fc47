import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPackage } from '@electron/asar';
import * as ResEdit from 'resedit';
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

const plist = (entries: Record<string, string>) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict>${Object.entries(
    entries,
  )
    .map(([key, value]) => `<key>${key}</key><string>${value}</string>`)
    .join('')}</dict></plist>\n`;

/**
 * A stand-in Electron distribution for one target OS, laid out like the real zip Electron
 * publishes for it (the binary cannot be downloaded here): the executable, and on macOS the
 * app bundle with its Info.plist and helper apps, which electron-builder renames and edits.
 */
function standInElectronDist(dir: string, os: 'linux' | 'win' | 'mac'): string {
  mkdirSync(dir, { recursive: true });
  if (os === 'linux') {
    mkdirSync(join(dir, 'resources'));
    writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho stand-in for the Electron binary\n', { mode: 0o755 });
  } else if (os === 'win') {
    mkdirSync(join(dir, 'resources'));
    // electron-builder writes the archive's integrity hash into the executable's resources: it must be a real PE file.
    const exe = ResEdit.NtExecutable.createEmpty(false, false);
    const resources = ResEdit.NtExecutableResource.from(exe);
    const version = ResEdit.Resource.VersionInfo.createEmpty();
    version.setStringValues({ lang: 1033, codepage: 1200 }, { ProductName: 'Electron', FileVersion: '45.4.1' });
    version.outputToResourceEntries(resources.entries);
    resources.outputResource(exe);
    writeFileSync(join(dir, 'electron.exe'), Buffer.from(exe.generate()));
  } else {
    const contents = join(dir, 'Electron.app/Contents');
    mkdirSync(join(contents, 'MacOS'), { recursive: true });
    mkdirSync(join(contents, 'Resources'), { recursive: true });
    writeFileSync(join(contents, 'MacOS/Electron'), 'stand-in', { mode: 0o755 });
    writeFileSync(
      join(contents, 'Info.plist'),
      plist({
        CFBundleExecutable: 'Electron',
        CFBundleIdentifier: 'com.github.Electron',
        CFBundleName: 'Electron',
        CFBundleDisplayName: 'Electron',
      }),
    );
    for (const helper of ['', ' (GPU)', ' (Plugin)', ' (Renderer)']) {
      const helperContents = join(contents, `Frameworks/Electron Helper${helper}.app/Contents`);
      mkdirSync(join(helperContents, 'MacOS'), { recursive: true });
      writeFileSync(join(helperContents, `MacOS/Electron Helper${helper}`), 'stand-in', { mode: 0o755 });
      writeFileSync(
        join(helperContents, 'Info.plist'),
        plist({
          CFBundleExecutable: `Electron Helper${helper}`,
          CFBundleIdentifier: 'com.github.Electron.helper',
          CFBundleName: `Electron Helper${helper}`,
        }),
      );
    }
  }
  return dir;
}

/** Packs the real build into an unpacked directory for one target OS and arch; returns its resources folder. */
async function packFor(os: 'linux' | 'win' | 'mac', arch: 'x64' | 'arm64'): Promise<string> {
  if (!existsSync(join(projectRoot, 'out/main/electron.js')))
    throw new Error('Run `npm run build` first: the dry run packs out/.');
  const scratch = newDir();
  // electron-builder hard-links files under Vitest (it checks VITEST when it loads), which
  // here would link the output to the repository's own files: load it without that.
  delete process.env.VITEST;
  const { build, Platform, Arch } = await import('electron-builder');
  const config = parse(readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
    directories: object;
    win: object;
    mac: object;
  };
  const platform = { linux: Platform.LINUX, win: Platform.WINDOWS, mac: Platform.MAC }[os];
  await build({
    projectDir: projectRoot,
    targets: platform.createTarget('dir', Arch[arch]),
    publish: 'never',
    config: {
      ...config,
      electronDist: standInElectronDist(join(scratch, 'electron-dist'), os),
      // Fuses, signing and resource editing need the real binaries and certificates: off for this dry run only.
      electronFuses: null,
      forceCodeSigning: false,
      win: { ...config.win, signAndEditExecutable: false },
      mac: { ...config.mac, identity: null, notarize: false },
      directories: { ...config.directories, output: join(scratch, 'release') },
    } as never,
  });
  const unpacked = {
    linux: arch === 'x64' ? 'linux-unpacked' : `linux-${arch}-unpacked`,
    win: arch === 'x64' ? 'win-unpacked' : `win-${arch}-unpacked`,
    mac: arch === 'x64' ? 'mac' : `mac-${arch}`,
  }[os];
  return os === 'mac'
    ? join(scratch, 'release', unpacked, 'Zhiku.app/Contents/Resources')
    : join(scratch, 'release', unpacked, 'resources');
}

/**
 * A packaging dry run: electron-builder packs the real build for each target OS with a
 * stand-in Electron distribution (the binary cannot be downloaded here). What matters is the
 * app archive, and that each installer carries the native binary of its own target.
 */
describe('the packaged app', () => {
  it('holds the built main, preload and renderer and the native module, and no tests, sources, maps or server packages', async () => {
    const resources = await packFor('linux', 'x64');
    const files = listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    for (const needed of [
      '/out/main/electron.js',
      '/out/main/recommend-worker.js',
      '/out/main/model-builder.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/package.json',
    ])
      expect(files).toContain(needed);
    expect(files.filter((f) => /\.(map|ts|tsx)$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /\.test\.|\/(test|tests|__tests__)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /^\/(e2e|scripts|sync-server|common|main|renderer|docs)\//.test(f))).toEqual([]);

    const packaged = new Set(
      files
        .filter((f) => f.startsWith('/node_modules/'))
        .map((f) =>
          f
            .split('/')
            .slice(2, f.split('/')[2]!.startsWith('@') ? 4 : 3)
            .join('/'),
        ),
    );
    for (const name of importedPackages(join(projectRoot, 'out/main')))
      expect(packaged, `${name} is imported by the app`).toContain(name);
    for (const serverOnly of ['fastify', 'pg', 'stripe', '@node-rs/argon2', 'pino'])
      expect(packaged).not.toContain(serverOnly);

    // The native module is outside the archive, without SQLite's sources.
    const sqlite = join(resources, 'app.asar.unpacked/node_modules/better-sqlite3');
    expect(readdirSync(join(sqlite, 'prebuilds'))).toEqual(['linux-x64.node', 'linuxmusl-x64.node']);
    expect(existsSync(join(sqlite, 'deps'))).toBe(false);

    const megabytes = statSync(join(resources, 'app.asar')).size / 2 ** 20;
    process.stdout.write(`app.asar ${megabytes.toFixed(1)} MiB, ${files.length} entries; packages: ${packaged.size}\n`);
    expect(megabytes).toBeLessThan(40);
  }, 180_000);

  // Each installer carries its own target's binary, whatever machine builds it.
  for (const [os, arch, expected] of [
    ['win', 'x64', ['win32-x64.node']],
    ['win', 'arm64', ['win32-arm64.node']],
    ['mac', 'arm64', ['darwin-arm64.node']],
    ['mac', 'x64', ['darwin-x64.node']],
    ['linux', 'arm64', ['linux-arm64.node', 'linuxmusl-arm64.node']],
  ] as const) {
    it(`packs the ${os}-${arch} binary of the native module, and only that one, when built on ${process.platform}`, async () => {
      const resources = await packFor(os, arch);
      expect(readdirSync(join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/prebuilds'))).toEqual(expected);
      expect(listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'))).toContain(
        '/out/main/electron.js',
      );
    }, 180_000);
  }
});
