import { afterEach, expect, test } from 'bun:test';
import { createSmtpMailer } from '../../auth/mailer';
import { rejected } from '../../test/settle';
import { type SmtpStandin, startSmtpStandin } from './server';

let smtp: SmtpStandin | null = null;
afterEach(async () => {
  await smtp?.stop();
  smtp = null;
});

test('a Hebrew message sent by nodemailer arrives with its subject and text decoded', async () => {
  smtp = await startSmtpStandin();
  const mailer = createSmtpMailer({ smtpUrl: smtp.url, from: 'ProSaaS <no-reply@prosaas.test>' });
  await mailer.send({
    to: 'dana@example.test',
    subject: 'איפוס סיסמה',
    text: 'שלום דנה,\n.נקודה בתחילת שורה\nסוף',
  });
  const [mail] = smtp.messages;
  expect(mail?.from).toBe('no-reply@prosaas.test');
  expect(mail?.to).toEqual(['dana@example.test']);
  expect(mail?.subject).toBe('איפוס סיסמה');
  expect(mail?.text).toBe('שלום דנה,\n.נקודה בתחילת שורה\nסוף');
});

test('with credentials, mail is refused before AUTH and a wrong password is refused', async () => {
  smtp = await startSmtpStandin({ credentials: { user: 'mailer', pass: 'right-pass' } });
  const good = createSmtpMailer({ smtpUrl: smtp.url, from: 'a@prosaas.test' });
  await good.send({ to: 'b@example.test', subject: 'x', text: 'y' });
  expect(smtp.messages).toHaveLength(1);

  const port = new URL(smtp.url).port;
  const wrong = createSmtpMailer({
    smtpUrl: `smtp://mailer:wrong@127.0.0.1:${port}`,
    from: 'a@prosaas.test',
  });
  expect(await rejected(wrong.send({ to: 'b@example.test', subject: 'x', text: 'y' }))).toThrow(
    /Invalid login|535/,
  );
  const anonymous = createSmtpMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'a@prosaas.test' });
  expect(await rejected(anonymous.send({ to: 'b@example.test', subject: 'x', text: 'y' }))).toThrow(
    /530|Authentication/,
  );
  expect(smtp.messages).toHaveLength(1);
});
