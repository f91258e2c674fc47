import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why Electron's sandbox may refuse to start on this Linux machine, and what to do. Ubuntu
 * 24.04 and later restrict unprivileged user namespaces through AppArmor
 * (`kernel.apparmor_restrict_unprivileged_userns = 1`), which Chromium's sandbox needs unless
 * its `chrome-sandbox` helper is setuid root. Empty when nothing points that way.
 */
export function sandboxHint(projectRoot: string, read: (path: string) => string | undefined = readIfThere): string {
  if (process.platform !== 'linux') return '';
  if (read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns')?.trim() !== '1') return '';
  const helper = join(projectRoot, 'node_modules/electron/dist/chrome-sandbox');
  if (existsSync(helper)) {
    const { uid, mode } = statSync(helper);
    if (uid === 0 && (mode & 0o4000) !== 0) return '';
  }
  return [
    'This Linux restricts unprivileged user namespaces (AppArmor, Ubuntu 24.04 and later), which Electron’s sandbox needs.',
    `For development, make the sandbox helper setuid root once: sudo chown root:root ${helper} && sudo chmod 4755 ${helper}`,
    'Installed apps: the deb and rpm packages bring an AppArmor profile; for AppImages see docs/it-admin-guide.md.',
  ].join('\n');
}

function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
