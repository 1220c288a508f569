/**
 * Outgoing mail (password reset links), behind one small port. With `SMTP_URL` set, through
 * SMTP (nodemailer); in development and tests without it, the message is written to the log so
 * a developer can follow the link; in production without it there is no mailer, and nothing
 * that needs one is offered.
 */
import { createTransport } from 'nodemailer';
import type { Logger } from '../lib/logger';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'log';
  send(mail: Mail): Promise<void>;
}

export interface MailSettings {
  smtpUrl?: string;
  from: string;
}

/** SMTP through nodemailer: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
export function createSmtpMailer(settings: { smtpUrl: string; from: string }): Mailer {
  const transport = createTransport(settings.smtpUrl);
  return {
    kind: 'smtp',
    async send(mail) {
      await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}

/** Development only: the message goes to the log, link included. */
export function createLogMailer(log: Logger): Mailer {
  return {
    kind: 'log',
    async send(mail) {
      log.info(
        { mail: { to: mail.to, subject: mail.subject } },
        `mail (not sent, no SMTP_URL):\n${mail.text}`,
      );
    },
  };
}

export function mailerFor(
  settings: MailSettings,
  env: { isProduction: boolean },
  log: Logger,
): Mailer | undefined {
  if (settings.smtpUrl) return createSmtpMailer({ smtpUrl: settings.smtpUrl, from: settings.from });
  return env.isProduction ? undefined : createLogMailer(log);
}
