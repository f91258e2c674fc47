import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../tests/helpers.js';

const config = parse(readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config as never, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('rejects a broken configuration (the check can fail)', async () => {
    await expect(validateConfiguration({ ...config, nsis: { oneClick: 'sometimes' } } as never, new DebugLogger(false))).rejects.toThrow(/oneClick/);
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
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true, extendInfo: { CFBundleDisplayName: '知库' } });
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

  it('keeps electron and electron-builder in devDependencies, as the builder requires', () => {
    expect(packageJson.devDependencies).toHaveProperty('electron');
    expect(packageJson.devDependencies).toHaveProperty('electron-builder');
    expect(packageJson.dependencies).not.toHaveProperty('electron');
    expect(packageJson.main).toBe('out/main/electron.js');
  });
});
