// Outgoing e-mail through nodemailer's SMTP transport (SMTP_URL). Only password reset links go
// out; the message carries no more than the link and how long it works.
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../config.js';

export interface ResetMail {
  to: string;
  name: string;
  link: string;
  minutes: number;
}

export interface Mailer {
  sendPasswordReset(mail: ResetMail): Promise<void>;
  close(): void;
}

export function createMailer(config: MailConfig): Mailer | undefined {
  if (!config.smtpUrl) return undefined;
  const transport: Transporter = nodemailer.createTransport(config.smtpUrl);
  return {
    async sendPasswordReset({ to, name, link, minutes }) {
      await transport.sendMail({
        from: config.from,
        to,
        subject: 'Reset your Tideline password',
        text: [
          `Hello ${name},`,
          '',
          'Someone (we hope you) asked to reset the password of your Tideline account.',
          `Open this link within ${minutes} minutes to choose a new one; it works once:`,
          '',
          link,
          '',
          'Setting a new password signs your account out on every device.',
          'If you did not ask for this, ignore this e-mail: your password stays as it is.',
        ].join('\n'),
      });
    },
    close() {
      transport.close();
    },
  };
}
