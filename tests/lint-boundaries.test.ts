import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './helpers.js';

const eslint = new ESLint({ cwd: projectRoot });

/** Lints `code` as if it were the given existing file, returning the rules that fired. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${projectRoot}/${filePath}` });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('folder boundaries are enforced by lint', () => {
  it('common/ may not import Node or Electron, nor touch DOM or process globals', async () => {
    expect(
      await violations('common/errors.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"),
    ).toContain('no-restricted-imports');
    expect(await violations('common/errors.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await violations('common/errors.ts', 'export const a = process.env;\n')).toContain('no-restricted-globals');
  });

  it('the core may not import electron', async () => {
    expect(
      await violations('main/core/dispatch.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toContain('no-restricted-imports');
  });

  it('the renderer may not import Node', async () => {
    expect(
      await violations('renderer/src/main.tsx', "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n"),
    ).toContain('no-restricted-imports');
  });

  it('the Electron layer may import electron', async () => {
    expect(
      await violations('main/electron/main.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).not.toContain('no-restricted-imports');
  });
});
