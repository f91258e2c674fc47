import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

/** A message the server sends: plain text always (every mail client reads it), HTML beside it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** Where mail goes, for logs and the doctor: `smtp://host:port` (never the password) or the outbox folder. */
  readonly destination: string;
  send(mail: OutgoingMail): Promise<void>;
  /** Resolves once every message handed to `send` so far is sent or has failed (a shutdown waits for it). */
  settle(): Promise<void>;
  close(): void;
}

/**
 * Outgoing mail through SMTP (nodemailer), or, without an SMTP server, into an outbox
 * folder of .eml files a person can open with any mail program — the embedded default in
 * development, so verification codes, password resets and receipts can be tried offline.
 */
export function createMailer(options: { smtpUrl: string | undefined; from: string; outboxDir: string }): Mailer {
  const sending = new Set<Promise<void>>();
  const tracked = (send: (mail: OutgoingMail) => Promise<void>) => (mail: OutgoingMail) => {
    const sent = send(mail);
    const settled = sent.then(
      () => undefined,
      () => undefined,
    );
    sending.add(settled);
    void settled.then(() => sending.delete(settled));
    return sent;
  };
  const settle = async () => {
    while (sending.size > 0) await Promise.all(sending);
  };
  if (options.smtpUrl) {
    const url = new URL(options.smtpUrl);
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      destination: `${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`,
      send: tracked(async (mail) => {
        await transport.sendMail({ from: options.from, ...mail });
      }),
      settle,
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    destination: options.outboxDir,
    send: tracked(async (mail) => {
      const info = await transport.sendMail({ from: options.from, ...mail });
      await mkdir(options.outboxDir, { recursive: true, mode: 0o700 });
      // Time first, so the folder lists in the order the mail was sent.
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      await writeFile(join(options.outboxDir, name), info.message as Buffer, { mode: 0o600 });
    }),
    settle,
    close: () => transport.close(),
  };
}
