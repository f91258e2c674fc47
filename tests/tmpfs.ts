import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small, real file system that can fill up: tmpfs mounted on `dir` with `bytes` of room.
 * Needs the right to mount (root, as on the build machines); `tmpfsSupport` says whether this
 * machine has it, so a test can skip with the reason.
 */
export function mountTmpfs(dir: string, bytes: number): { unmount(): void } {
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (mounted.error || mounted.status !== 0)
    throw new Error(`cannot mount a tmpfs: ${mounted.error?.message ?? mounted.stderr.trim()}`);
  return {
    unmount() {
      spawnSync('umount', ['-l', dir]);
    },
  };
}

export function tmpfsSupport(): { ok: true } | { ok: false; reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zhiku-tmpfs-probe-'));
  try {
    mountTmpfs(dir, 1024 * 1024).unmount();
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `mounting a small tmpfs needs root (CAP_SYS_ADMIN): ${(error as Error).message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
