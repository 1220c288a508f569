/**
 * Start-up data: the system admin named by ADMIN_EMAIL/ADMIN_PASSWORD when none exists,
 * and, in development only, a demo business with a user of every role.
 */
import { count, eq } from 'drizzle-orm';
import { businesses, businessPhoneNumbers, faqs, users } from '../../db/schema';
import type { PasswordHasher } from '../auth/passwords';
import type { Role } from '../auth/permissions';
import type { Database } from '../db/database';
import type { Logger } from '../lib/logger';

export const DEMO_PASSWORD = 'ProSaaS-Demo-2026';
export const DEMO_BUSINESS = { name: 'מספרת הדגמה', phone: '+97235550100', timezone: 'Asia/Jerusalem' };
export const DEMO_USERS: Record<Role, { email: string; name: string }> = {
  system_admin: { email: 'admin@prosaas.local', name: 'מנהל המערכת' },
  owner: { email: 'owner@demo.prosaas.local', name: 'דנה כהן' },
  admin: { email: 'manager@demo.prosaas.local', name: 'יוסי לוי' },
  agent: { email: 'agent@demo.prosaas.local', name: 'נועה מזרחי' },
};

/** What the demo business answers from its FAQ (on WhatsApp without the model). */
export const DEMO_FAQS = [
  {
    question: 'כמה עולה תספורת?',
    answer: 'תספורת גברים עולה 80 ₪, תספורת נשים מ-150 ₪ (לפי אורך השיער).',
  },
  { question: 'איפה אתם נמצאים?', answer: 'אנחנו ברחוב הרצל 10 בתל אביב. יש חניה כחולה־לבנה ברחוב.' },
  {
    question: 'איך מבטלים תור?',
    answer: 'אפשר לבטל או להזיז תור עד 3 שעות לפני, בהודעה כאן או בשיחה לעסק.',
  },
];

export interface SeedOptions {
  db: Database;
  hasher: PasswordHasher;
  log: Logger;
  admin?: { email: string; password: string };
  demo: boolean;
}

export async function seed(opts: SeedOptions): Promise<{ demoCreated: boolean; demoBusinessId?: string }> {
  const { db, hasher } = opts;
  const admins = await db.withSystem((tx) =>
    tx.select({ n: count() }).from(users).where(eq(users.role, 'system_admin')),
  );
  const admin = opts.admin;
  if ((admins[0]?.n ?? 0) === 0 && admin) {
    const passwordHash = await hasher.hash(admin.password);
    await db.withSystem((tx) =>
      tx.insert(users).values({
        email: admin.email.toLowerCase(),
        name: 'System admin',
        passwordHash,
        role: 'system_admin',
      }),
    );
    opts.log.info({ email: admin.email }, 'created the system admin from ADMIN_EMAIL');
  }
  if (!opts.demo) return { demoCreated: false };
  const [existing] = await db.withSystem((tx) => tx.select({ n: count() }).from(businesses));
  if ((existing?.n ?? 0) > 0) return { demoCreated: false };

  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  const demoBusinessId = await db.withSystem(async (tx) => {
    const [biz] = await tx
      .insert(businesses)
      .values({ name: DEMO_BUSINESS.name, timezone: DEMO_BUSINESS.timezone })
      .returning({ id: businesses.id });
    if (!biz) throw new Error('demo business not created');
    await tx.insert(businessPhoneNumbers).values({ businessId: biz.id, e164: DEMO_BUSINESS.phone });
    await tx.insert(faqs).values(
      DEMO_FAQS.map((f) => ({
        businessId: biz.id,
        ...f,
        channels: ['voice' as const, 'whatsapp' as const],
      })),
    );
    const [sys] = await tx.select({ n: count() }).from(users).where(eq(users.role, 'system_admin'));
    for (const role of ['system_admin', 'owner', 'admin', 'agent'] as const) {
      if (role === 'system_admin' && (sys?.n ?? 0) > 0) continue;
      const u = DEMO_USERS[role];
      await tx
        .insert(users)
        .values({ ...u, passwordHash, role, businessId: role === 'system_admin' ? null : biz.id })
        .onConflictDoNothing();
    }
    return biz.id;
  });
  return { demoCreated: true, demoBusinessId };
}

/** The development-only banner with the demo credentials. */
export function demoBanner(baseUrl: string): string {
  const lines = Object.entries(DEMO_USERS).map(([role, u]) => `  ${role.padEnd(13)} ${u.email}`);
  return [`Demo data ready at ${baseUrl} — password for every demo user: ${DEMO_PASSWORD}`, ...lines].join(
    '\n',
  );
}
