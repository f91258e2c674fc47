import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temp dir per call, removed after the test. */
export function useTempDirs(): (prefix?: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix = 'zhiku-test-') => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

export const projectRoot = join(import.meta.dirname, '..');
export const demoCatalogPath = join(projectRoot, 'resources/demo-catalog/catalog.json');

/** Things to undo after each test (servers, devices), run newest first. */
export function useCleanups(): { push(...cleanups: (() => Promise<void>)[]): void } {
  const pending: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of pending.splice(0).reverse()) await cleanup();
  });
  return { push: (...cleanups) => void pending.push(...cleanups) };
}
