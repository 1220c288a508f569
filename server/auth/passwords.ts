/**
 * Password policy and hashing. argon2id through Bun.password; the cost is configurable
 * only so that tests can run fast (production keeps the defaults below).
 */
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export interface HashCost {
  memoryCost: number; // KiB
  timeCost: number;
}
/** OWASP's argon2id baseline (19 MiB, 2 passes). */
export const DEFAULT_HASH_COST: HashCost = { memoryCost: 19456, timeCost: 2 };

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'is too common';
  if (/^(.)\1+$/.test(password)) return 'is too common';
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'must not contain the email address';
  return null;
}

export function createPasswordHasher(cost: HashCost = DEFAULT_HASH_COST) {
  // Verifying against this when the email is unknown keeps the timing of "no such user"
  // and "wrong password" alike.
  const dummy = Bun.password.hash('not-a-real-password-0', { algorithm: 'argon2id', ...cost });
  return {
    hash: (password: string) => Bun.password.hash(password, { algorithm: 'argon2id', ...cost }),
    verify: (password: string, hash: string) => Bun.password.verify(password, hash),
    async burn(password: string) {
      await Bun.password.verify(password, await dummy);
    },
  };
}
export type PasswordHasher = ReturnType<typeof createPasswordHasher>;
