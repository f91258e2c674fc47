import { describe, expect, it } from 'vitest';
import { updateRouteFor } from './update-route.js';

const base = { isPackaged: true, productFileName: 'Zhiku', appId: 'com.zhiku.desktop', env: {} };

describe('which installs update themselves', () => {
  it('updates NSIS installs on Windows and leaves MSI and portable copies to IT', () => {
    const nsis = new Set(['C:\\Program Files\\Zhiku\\Uninstall Zhiku.exe'.replaceAll('\\', '/')]);
    const exists = (path: string) => nsis.has(path.replaceAll('\\', '/'));
    expect(
      updateRouteFor({ ...base, platform: 'win32', execPath: 'C:/Program Files/Zhiku/Zhiku.exe', exists }),
    ).toEqual({ kind: 'self' });
    expect(
      updateRouteFor({ ...base, platform: 'win32', execPath: 'C:/Program Files/Zhiku MSI/Zhiku.exe', exists }),
    ).toMatchObject({ kind: 'managed', reason: expect.stringContaining('MSI') as string });
  });

  it('updates an app installed from the dmg or zip, not one a pkg put there or one still in the disk image', () => {
    const none = () => false;
    expect(
      updateRouteFor({
        ...base,
        platform: 'darwin',
        execPath: '/Applications/Zhiku.app/Contents/MacOS/Zhiku',
        exists: none,
      }),
    ).toEqual({ kind: 'self' });
    expect(
      updateRouteFor({
        ...base,
        platform: 'darwin',
        execPath: '/Applications/Zhiku.app/Contents/MacOS/Zhiku',
        exists: (p) => p === '/var/db/receipts/com.zhiku.desktop.plist',
      }),
    ).toMatchObject({ kind: 'managed' });
    expect(
      updateRouteFor({
        ...base,
        platform: 'darwin',
        execPath: '/Volumes/Zhiku 0.1.0/Zhiku.app/Contents/MacOS/Zhiku',
        exists: none,
      }),
    ).toMatchObject({ kind: 'managed' });
  });

  it('updates AppImages only on Linux; deb and rpm belong to the package manager; development builds never update', () => {
    expect(
      updateRouteFor({
        ...base,
        platform: 'linux',
        execPath: '/tmp/.mount_Zhiku/zhiku',
        env: { APPIMAGE: '/home/a/Zhiku.AppImage' },
        exists: () => false,
      }),
    ).toEqual({ kind: 'self' });
    expect(
      updateRouteFor({ ...base, platform: 'linux', execPath: '/opt/Zhiku/zhiku', exists: () => false }),
    ).toMatchObject({ kind: 'managed', reason: expect.stringContaining('deb') as string });
    expect(
      updateRouteFor({ ...base, isPackaged: false, platform: 'win32', execPath: 'electron.exe', exists: () => true }),
    ).toMatchObject({ kind: 'managed' });
  });
});
