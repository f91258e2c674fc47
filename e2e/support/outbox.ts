import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { expect } from '@playwright/test';

/**
 * The newest mail to `to` in a development server's outbox (its data folder's outbox/,
 * where mail goes without an SMTP server), parsed as a mail program would; waits for it.
 */
export async function latestMail(
  serverDataDir: string,
  to: string,
  after = 0,
): Promise<{ subject: string; text: string }> {
  const outbox = join(serverDataDir, 'outbox');
  let found: { subject: string; text: string } | undefined;
  await expect
    .poll(
      async () => {
        if (!existsSync(outbox)) return false;
        const files = readdirSync(outbox)
          .filter((name) => name.endsWith('.eml'))
          .sort()
          .slice(after);
        for (const name of files.reverse()) {
          const mail = await simpleParser(readFileSync(join(outbox, name)));
          const address = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
          if (address?.includes(to)) {
            found = { subject: mail.subject ?? '', text: mail.text ?? '' };
            return true;
          }
        }
        return false;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  return found!;
}

/** How many mails the outbox holds now (to wait for a newer one). */
export function outboxCount(serverDataDir: string): number {
  const outbox = join(serverDataDir, 'outbox');
  return existsSync(outbox) ? readdirSync(outbox).filter((name) => name.endsWith('.eml')).length : 0;
}

export const codeIn = (text: string): string => /[：:]\s*([A-HJ-KM-NP-Z2-9]{8})\b/.exec(text)![1]!;
