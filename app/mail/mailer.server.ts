import nodemailer from "nodemailer";
import { appOrigin } from "~/auth/origin.server";

/** One plain-text message. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail; the app has one only when SMTP_URL is set. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The mailer configured by the environment, or undefined when SMTP_URL is not
 * set (then nothing is ever sent and the pages that would send say to ask an
 * administrator). SMTP_URL is a nodemailer connection URL, e.g.
 * smtps://user:pass@smtp.comune.example.it:465; MAIL_FROM the sender, by
 * default schedario@<host of APP_ORIGIN>.
 */
export function mailerFromEnv(env: Record<string, string | undefined> = process.env): Mailer | undefined {
  if (!env.SMTP_URL) return undefined;
  const transport = nodemailer.createTransport(env.SMTP_URL);
  const from = env.MAIL_FROM || `Schedario <schedario@${new URL(appOrigin(env)).hostname}>`;
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

let configured: Mailer | undefined | null = null;

/** The process's mailer (read from the environment once). */
export function getMailer(): Mailer | undefined {
  if (configured === null) configured = mailerFromEnv();
  return configured;
}
