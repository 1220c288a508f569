import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { auditLog, passwordResets } from '../../db/schema';
import { type SmtpStandin, startSmtpStandin } from '../standins/smtp/server';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_PASSWORD } from '../test/harness';
import { rejected } from '../test/settle';
import { RESETS_PER_WINDOW } from './password-reset';

let h: Harness;
let smtp: SmtpStandin;
let ownerCookie: string;
let seq = 0;

beforeAll(async () => {
  smtp = await startSmtpStandin();
  h = await createHarness({ smtpUrl: smtp.url });
  ownerCookie = await h.login(h.a.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  await h.close();
  await smtp.stop();
});

/** A fresh agent of business a, so each test changes a password of its own. */
async function newAgent(): Promise<{ id: string; email: string }> {
  const email = `account-${++seq}@a.test`;
  const res = await h.request('POST', '/api/users', {
    cookie: ownerCookie,
    body: { email, password: TEST_PASSWORD, name: `סוכן ${seq}`, role: 'agent' },
  });
  expect(res.status).toBe(201);
  const { user } = (await res.json()) as { user: { id: string } };
  return { id: user.id, email };
}

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

async function resetLink(email: string): Promise<string> {
  const seen = smtp.messages.length;
  const res = await h.request('POST', '/api/auth/password-reset/request', { body: { email } });
  expect(res.status).toBe(202);
  const mail = await smtp.next(seen);
  expect(mail.to).toEqual([email]);
  const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no link in ${mail.text}`);
  return token;
}

describe('profile', () => {
  test('a user renames themself; the new name is what the session shows', async () => {
    const agent = await newAgent();
    const cookie = await h.login(agent.email);
    const res = await h.request('PATCH', '/api/auth/profile', { cookie, body: { name: '  דנה לוי  ' } });
    expect(res.status).toBe(200);
    const me = (await (await h.request('GET', '/api/auth/me', { cookie })).json()) as {
      user: { name: string };
    };
    expect(me.user.name).toBe('דנה לוי');
  });

  test('an empty name is refused and names the field', async () => {
    const cookie = await h.login((await newAgent()).email);
    const res = await h.request('PATCH', '/api/auth/profile', { cookie, body: { name: '   ' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { fields: Record<string, string> } } };
    expect(Object.keys(body.error.details.fields)).toEqual(['name']);
  });
});

describe('changing the password', () => {
  test('needs the current password; then the new one logs in, the old does not, other sessions end', async () => {
    const agent = await newAgent();
    const here = await h.login(agent.email);
    const elsewhere = await h.login(agent.email);
    const wrong = await h.request('POST', '/api/auth/password', {
      cookie: here,
      body: { currentPassword: 'Not-the-password-1', newPassword: 'A-new-strong-pass-42' },
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('wrong_password');

    const res = await h.request('POST', '/api/auth/password', {
      cookie: here,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'A-new-strong-pass-42' },
    });
    expect(res.status).toBe(204);
    // This session goes on with the token it was just given; the other one ended.
    expect((await h.request('GET', '/api/auth/me', { cookie: cookieOf(res) })).status).toBe(200);
    expect((await h.request('GET', '/api/auth/me', { cookie: here })).status).toBe(401);
    expect((await h.request('GET', '/api/auth/me', { cookie: elsewhere })).status).toBe(401);
    expect(await rejected(h.login(agent.email))).toThrow(/401/);
    expect(await h.login(agent.email, 'A-new-strong-pass-42')).toMatch(/^prosaas_session=/);
  });

  test('a weak or unchanged new password is refused on its field, and the password stays', async () => {
    const agent = await newAgent();
    const cookie = await h.login(agent.email);
    for (const newPassword of ['short', 'password123', TEST_PASSWORD]) {
      const res = await h.request('POST', '/api/auth/password', {
        cookie,
        body: { currentPassword: TEST_PASSWORD, newPassword },
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { details: { fields: Record<string, string> } } };
      expect(Object.keys(body.error.details.fields)).toEqual(['newPassword']);
    }
    expect(await h.login(agent.email)).toMatch(/^prosaas_session=/);
  });
});

describe('password reset by link', () => {
  test('is offered (a mailer is configured)', async () => {
    const res = await h.request('GET', '/api/auth/password-reset');
    expect(await res.json()).toEqual({ offered: true });
  });

  test('the mailed link sets a new password once; the old password and old sessions end', async () => {
    const agent = await newAgent();
    const before = await h.login(agent.email);
    const token = await resetLink(agent.email);
    const mail = smtp.messages.at(-1);
    expect(mail?.subject).toBe('איפוס סיסמה ל-ProSaaS');
    expect(mail?.text).toContain('http://localhost:3000/reset-password#token=');

    const res = await h.request('POST', '/api/auth/password-reset', {
      body: { token, password: 'Reset-to-this-one-7' },
    });
    expect(res.status).toBe(204);
    expect((await h.request('GET', '/api/auth/me', { cookie: before })).status).toBe(401);
    expect(await h.login(agent.email, 'Reset-to-this-one-7')).toMatch(/^prosaas_session=/);
    expect(await rejected(h.login(agent.email))).toThrow(/401/);

    const again = await h.request('POST', '/api/auth/password-reset', {
      body: { token, password: 'Another-one-entirely-8' },
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('invalid_reset_link');
    const audit = await h.db.withSystem((tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorUserId, agent.id)),
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.reset_requested', 'auth.password_reset']),
    );
  });

  test('a forged, malformed or expired link is refused, and nothing changes', async () => {
    const agent = await newAgent();
    const token = await resetLink(agent.email);
    for (const forged of [
      'A'.repeat(43),
      'not a token',
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
    ]) {
      const res = await h.request('POST', '/api/auth/password-reset', {
        body: { token: forged, password: 'Forged-attempt-pass-1' },
      });
      expect(res.status).toBe(400);
    }
    await h.db.withSystem((tx) =>
      tx
        .update(passwordResets)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(passwordResets.userId, agent.id)),
    );
    const expired = await h.request('POST', '/api/auth/password-reset', {
      body: { token, password: 'Too-late-for-this-2' },
    });
    expect(expired.status).toBe(400);
    expect(await h.login(agent.email)).toMatch(/^prosaas_session=/);
  });

  test('a weak password keeps the link usable', async () => {
    const agent = await newAgent();
    const token = await resetLink(agent.email);
    const weak = await h.request('POST', '/api/auth/password-reset', { body: { token, password: 'short' } });
    expect(weak.status).toBe(400);
    const ok = await h.request('POST', '/api/auth/password-reset', {
      body: { token, password: 'Long-enough-now-33' },
    });
    expect(ok.status).toBe(204);
  });

  test('an unknown address gets the same answer and no mail; one account gets a capped number of links', async () => {
    const seen = smtp.messages.length;
    const unknown = await h.request('POST', '/api/auth/password-reset/request', {
      body: { email: 'nobody-here@x.test' },
    });
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual({ requested: true });

    const agent = await newAgent();
    const answers = await Promise.all(
      Array.from({ length: RESETS_PER_WINDOW + 4 }, () =>
        h.request('POST', '/api/auth/password-reset/request', { body: { email: agent.email } }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 202));
    const rows = await h.db.withSystem((tx) =>
      tx.select().from(passwordResets).where(eq(passwordResets.userId, agent.id)),
    );
    expect(rows).toHaveLength(RESETS_PER_WINDOW);
    await smtp.next(seen + RESETS_PER_WINDOW - 1);
    expect(smtp.messages.slice(seen).every((m) => m.to[0] === agent.email)).toBe(true);
  });

  test('a password change ends the account’s open links', async () => {
    const agent = await newAgent();
    const token = await resetLink(agent.email);
    const cookie = await h.login(agent.email);
    await h.request('POST', '/api/auth/password', {
      cookie,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'Changed-in-between-5' },
    });
    const res = await h.request('POST', '/api/auth/password-reset', {
      body: { token, password: 'Reset-after-change-6' },
    });
    expect(res.status).toBe(400);
  });
});

describe('a new business’s owner', () => {
  test('is mailed an invitation whose link sets their password', async () => {
    const root = await h.login(h.sysadmin.email);
    const seen = smtp.messages.length;
    const res = await h.request('POST', '/api/businesses', {
      cookie: root,
      body: {
        name: 'קליניקה חדשה',
        phoneNumbers: ['09-555-0133'],
        owner: { email: 'rina@clinic.test', name: 'רינה' },
      },
    });
    expect(res.status).toBe(201);
    const { owner } = (await res.json()) as { owner: Record<string, unknown> };
    expect(owner).toMatchObject({ email: 'rina@clinic.test', invitation: 'mailed' });
    expect(owner.inviteLink).toBeUndefined();
    const mail = await smtp.next(seen);
    expect(mail.to).toEqual(['rina@clinic.test']);
    expect(mail.subject).toBe('הוזמנת לנהל את קליניקה חדשה ב-ProSaaS');
    const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] as string;
    const set = await h.request('POST', '/api/auth/password-reset', {
      body: { token, password: 'Clinic-open-2026' },
    });
    expect(set.status).toBe(204);
    expect(await h.login('rina@clinic.test', 'Clinic-open-2026')).toMatch(/^prosaas_session=/);
  });
});
