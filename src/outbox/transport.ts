// Where mail goes: an SMTP server from SMTP_URL (STARTTLS required unless the server is on this
// machine), or, with no SMTP_URL, .eml files in a folder so `npm start` works with nothing else running.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable across retries, so a recipient can recognise a resent message. */
  messageId: string;
  /** The Date header: when the app sent it, by the app's clock. */
  date: Date;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

export interface MailTransport {
  /** Resolves with the id the server accepted; rejects with the server's answer. */
  send(mail: OutgoingMail): Promise<{ messageId: string; response: string }>;
  describe(): string;
  close(): void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackSmtp(url: string): boolean {
  const host = new URL(url).hostname;
  return LOOPBACK.has(host) || host.startsWith('127.');
}

export function smtpTransport(url: string): MailTransport {
  const loopback = isLoopbackSmtp(url);
  const secure = url.toLowerCase().startsWith('smtps://');
  const transporter = nodemailer.createTransport({
    url,
    // Notices carry personal data: never in clear text over a network.
    requireTLS: !loopback && !secure,
    ignoreTLS: loopback && !secure,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // A few connections kept open and reused, as many as the dispatcher sends at once.
    pool: true,
    maxConnections: 4,
  } as Mail.Options);
  return {
    async send(mail) {
      const info = await transporter.sendMail(mail);
      return { messageId: info.messageId, response: info.response };
    },
    describe: () => `SMTP ${new URL(url).host}${loopback ? ' (loopback, TLS optional)' : ' (TLS required)'}`,
    close: () => transporter.close(),
  };
}

/** Writes each message as an .eml file: the embedded default, so nothing is silently dropped. */
export function fileTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transporter.sendMail(mail);
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${mail.date.toISOString().replace(/[:.]/g, '-')}-${mail.messageId.replace(/[^A-Za-z0-9-]/g, '')}.eml`);
      writeFileSync(file, info.message as Buffer);
      return { messageId: mail.messageId, response: `written to ${file}` };
    },
    describe: () => `.eml files in ${dir} (no SMTP_URL set)`,
    close: () => {},
  };
}

export const createMailTransport = (mail: { smtpUrl: string | undefined; dir: string }): MailTransport =>
  mail.smtpUrl ? smtpTransport(mail.smtpUrl) : fileTransport(mail.dir);
