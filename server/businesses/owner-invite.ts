/**
 * A new business comes with its owner: the system admin names them (email, name), the account
 * is created in the business's own transaction with a password nobody knows, and the owner is
 * sent a link that sets their password (the reset link's mechanism, valid for a week). Without
 * a mailer (production without SMTP_URL) the link is handed to the system admin once, to pass on.
 */
import { randomBytes } from 'node:crypto';
import { users } from '../../db/schema';
import type { Mail } from '../auth/mailer';
import { createPasswordLink, passwordLinkUrl } from '../auth/password-reset';
import type { PasswordHasher } from '../auth/passwords';
import type { Tx } from '../db/database';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/pg-error';
import { ConflictError } from '../lib/errors';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface OwnerInput {
  email: string;
  name: string;
}

export interface OwnerInvite {
  userId: string;
  email: string;
  name: string;
  token: string;
}

export async function createOwnerInTx(
  tx: Tx,
  hasher: PasswordHasher,
  businessId: string,
  owner: OwnerInput,
  opts: { ip: string; now: Date },
): Promise<OwnerInvite> {
  const email = owner.email.trim().toLowerCase();
  // Unusable until the link sets a password: the hash of 32 random bytes nobody keeps.
  const passwordHash = await hasher.hash(randomBytes(32).toString('base64url'));
  let id: string;
  try {
    const [row] = await tx
      .insert(users)
      .values({ businessId, email, name: owner.name, passwordHash, role: 'owner' })
      .returning({ id: users.id });
    if (!row) throw new Error('insert returned nothing');
    id = row.id;
  } catch (err) {
    if (pgErrorCode(err) === UNIQUE_VIOLATION)
      throw new ConflictError('Email already in use', { fields: { 'owner.email': 'is already in use' } });
    throw err;
  }
  const token = await createPasswordLink(tx, { id, businessId }, { ttlMs: INVITE_TTL_MS, ...opts });
  return { userId: id, email, name: owner.name, token };
}

export function invitationMail(publicBaseUrl: string, businessName: string, invite: OwnerInvite): Mail {
  return {
    to: invite.email,
    subject: `הוזמנת לנהל את ${businessName} ב-ProSaaS`,
    text: [
      `שלום ${invite.name},`,
      '',
      `נפתח עבורך חשבון בעלים של ${businessName} ב-ProSaaS. לבחירת סיסמה ולכניסה:`,
      passwordLinkUrl(publicBaseUrl, invite.token),
      '',
      `הקישור תקף לשבוע ולשימוש אחד. שם המשתמש שלך: ${invite.email}`,
    ].join('\n'),
  };
}
