/**
 * Password reset by a single-use, expiring link. The link carries 32 random bytes; the table
 * keeps only their SHA-256. Asking for a link answers the same for any address (no account
 * discovery), and the mail goes out after the answer, so its time tells nothing either. A link
 * opens once, by one atomic UPDATE, within RESET_TTL_MS; using it sets the new password, ends
 * every session of the account (its token version) and every other link of it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { passwordResets, users } from '../../db/schema';
import { recordAudit } from '../audit/service';
import type { Database, Tx } from '../db/database';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { Mailer } from './mailer';
import { type PasswordHasher, passwordProblem } from './passwords';

export const RESET_TTL_MS = 30 * 60 * 1000;
/** Links one account may be sent per RESET_TTL_MS; past it a request sends nothing more. */
export const RESETS_PER_WINDOW = 3;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface ResetDeps {
  db: Database;
  hasher: PasswordHasher;
  mailer: Mailer;
  publicBaseUrl: string;
  log: Logger;
  now?: () => number;
}

export interface ResetRequest {
  email: string;
  ip: string;
  userAgent: string;
}

export const hashResetToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class InvalidResetLinkError extends AppError {
  constructor() {
    super(400, 'invalid_reset_link', 'This reset link is not valid: it was used, it expired, or it is wrong');
  }
}

/** Where a link's token is opened: in the fragment, which browsers send nowhere. */
export const passwordLinkUrl = (publicBaseUrl: string, token: string) =>
  `${publicBaseUrl}/reset-password#token=${token}`;

/**
 * A new link that sets this account's password (a reset, or an invitation to a new account);
 * returns its token, which only the mail (or the one who invited) ever sees.
 */
export async function createPasswordLink(
  tx: Tx,
  user: { id: string; businessId: string | null },
  opts: { ttlMs: number; ip: string; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.insert(passwordResets).values({
    businessId: user.businessId,
    userId: user.id,
    tokenHash: hashResetToken(token),
    expiresAt: new Date(opts.now.getTime() + opts.ttlMs),
    requestedIp: opts.ip.slice(0, 100),
    createdAt: opts.now,
  });
  return token;
}

/** Ends an account's links that are still open (a password was set some other way). */
export async function endOpenResets(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx
    .update(passwordResets)
    .set({ usedAt: at })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

/**
 * Creates a link for the account with this email, when there is one that may log in and it
 * was not sent RESETS_PER_WINDOW already; returns the mail to send, or null.
 */
async function createLink(deps: ResetDeps, req: ResetRequest, now: Date) {
  const email = req.email.trim().toLowerCase();
  return deps.db.withSystem(async (tx) => {
    // The row lock serialises parallel requests for one account, so the cap holds.
    const [user] = await tx.select().from(users).where(eq(users.email, email)).for('update');
    const where = { ip: req.ip, userAgent: req.userAgent };
    if (!user || user.disabled) {
      await recordAudit(tx, {
        businessId: user?.businessId ?? null,
        actorEmail: email.slice(0, 320),
        action: 'auth.reset_refused',
        ...where,
        details: { reason: user ? 'disabled' : 'unknown_email' },
      });
      return null;
    }
    const since = new Date(now.getTime() - RESET_TTL_MS);
    const [recent] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(passwordResets)
      .where(and(eq(passwordResets.userId, user.id), gt(passwordResets.createdAt, since)));
    if ((recent?.n ?? 0) >= RESETS_PER_WINDOW) {
      await recordAudit(tx, {
        businessId: user.businessId,
        actorUserId: user.id,
        actorEmail: email,
        action: 'auth.reset_refused',
        ...where,
        details: { reason: 'too_many' },
      });
      return null;
    }
    const token = await createPasswordLink(tx, user, { ttlMs: RESET_TTL_MS, ip: req.ip, now });
    await recordAudit(tx, {
      businessId: user.businessId,
      actorUserId: user.id,
      actorEmail: email,
      action: 'auth.reset_requested',
      ...where,
    });
    const link = passwordLinkUrl(deps.publicBaseUrl, token);
    const minutes = RESET_TTL_MS / 60_000;
    return {
      to: user.email,
      subject: 'איפוס סיסמה ל-ProSaaS',
      text: [
        `שלום ${user.name},`,
        '',
        'ביקשת לאפס את הסיסמה שלך. לבחירת סיסמה חדשה:',
        link,
        '',
        `הקישור תקף ל-${minutes} דקות ולשימוש אחד. אם לא ביקשת איפוס, אפשר להתעלם מהודעה זו.`,
      ].join('\n'),
    };
  });
}

/**
 * Resolves once the request is recorded; the mail is sent after, its failure logged (the
 * caller's answer is the same either way).
 */
export async function requestPasswordReset(
  deps: ResetDeps,
  req: ResetRequest,
): Promise<{ sent: Promise<void> }> {
  const now = new Date(deps.now?.() ?? Date.now());
  const mail = await createLink(deps, req, now);
  const sent = mail
    ? deps.mailer.send(mail).catch((err: unknown) => {
        deps.log.error({ err, mailer: deps.mailer.kind }, 'password reset mail could not be sent');
      })
    : Promise.resolve();
  return { sent };
}

/** Sets a new password with a link's token; the link is spent only when the password is accepted. */
export async function resetPassword(
  deps: Pick<ResetDeps, 'db' | 'hasher' | 'now'>,
  input: { token: string; password: string; ip: string; userAgent: string },
): Promise<void> {
  if (!TOKEN.test(input.token)) throw new InvalidResetLinkError();
  const tokenHash = hashResetToken(input.token);
  const now = new Date(deps.now?.() ?? Date.now());
  const open = and(
    eq(passwordResets.tokenHash, tokenHash),
    isNull(passwordResets.usedAt),
    gt(passwordResets.expiresAt, now),
  );
  const found = await deps.db.withSystem(async (tx) => {
    const [row] = await tx
      .select({ userId: users.id, email: users.email, disabled: users.disabled })
      .from(passwordResets)
      .innerJoin(users, eq(users.id, passwordResets.userId))
      .where(open);
    return row;
  });
  if (!found || found.disabled) throw new InvalidResetLinkError();
  const problem = passwordProblem(input.password, found.email);
  if (problem)
    throw new AppError(400, 'weak_password', `Password ${problem}`, { fields: { password: problem } });
  const passwordHash = await deps.hasher.hash(input.password);
  await deps.db.withSystem(async (tx) => {
    const spent = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(open)
      .returning({ userId: passwordResets.userId, businessId: passwordResets.businessId });
    const link = spent[0];
    if (!link) throw new InvalidResetLinkError(); // spent by a parallel request meanwhile
    await tx
      .update(users)
      .set({ passwordHash, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now })
      .where(eq(users.id, link.userId));
    await endOpenResets(tx, link.userId, now);
    await recordAudit(tx, {
      businessId: link.businessId,
      actorUserId: link.userId,
      actorEmail: found.email,
      action: 'auth.password_reset',
      ip: input.ip,
      userAgent: input.userAgent,
    });
  });
}
