import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../tests/helpers.js';

const config = parse(readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Record<
  string,
  Record<string, string>
>;

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config as never, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('rejects a broken configuration (the check can fail)', async () => {
    await expect(
      validateConfiguration({ ...config, nsis: { oneClick: 'sometimes' } } as never, new DebugLogger(false)),
    ).rejects.toThrow(/oneClick/);
  });

  it('builds for all three desktop platforms and registers the zhiku:// scheme', () => {
    expect(Object.keys(config)).toEqual(expect.arrayContaining(['mac', 'win', 'linux']));
    expect(config.protocols).toEqual([{ name: 'Zhiku', schemes: ['zhiku'] }]);
  });

  it('makes every installer the institutions need, per machine and silent where the format allows', () => {
    const targets = (platform: string) => (config[platform] as { target: string[] }).target;
    expect(targets('win')).toEqual(['nsis', 'msi']);
    expect(targets('mac')).toEqual(['dmg', 'pkg', 'zip']);
    expect(targets('linux')).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false });
    expect(config.msi).toMatchObject({ perMachine: true });
    expect(config.pkg).toMatchObject({ installLocation: '/Applications' });
    expect(config.mac).toMatchObject({
      hardenedRuntime: true,
      notarize: true,
      extendInfo: { CFBundleDisplayName: '知库' },
    });
  });

  it('sets the Electron fuses of the security checklist and keeps the native module outside the archive', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.publish).toMatchObject({ provider: 'generic' });
  });

  it('refuses to build unsigned release installers, whose every update would be refused', () => {
    expect(config.forceCodeSigning).toBe(true);
    expect(config.npmRebuild).toBe(false);
  });

  it('ships ready-made icon containers, so packaging needs no converter download', () => {
    const icns = readFileSync(join(projectRoot, (config.mac as { icon: string }).icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.subarray(at, at + 4).toString('latin1'));
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));
    const ico = readFileSync(join(projectRoot, (config.win as { icon: string }).icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('keeps electron and electron-builder in devDependencies, as the builder requires', () => {
    expect(packageJson.devDependencies).toHaveProperty('electron');
    expect(packageJson.devDependencies).toHaveProperty('electron-builder');
    expect(packageJson.dependencies).not.toHaveProperty('electron');
    expect(packageJson.main).toBe('out/main/electron.js');
  });
});
