/**
 * Per-business call settings: the local VAD's tuning (a partial `VadParams`, the rest from
 * the measured defaults) and whether calls are recorded. A business that never saved any
 * runs on the defaults with recording on. Read at each call's start, so a change applies
 * from the next call.
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { callSettings } from '../../db/schema';
import type { Tx } from '../db/database';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { DEFAULT_VAD_PARAMS, resolveVadParams, type VadParams } from './audio/vad-params.ts';

const range = (min: number, max: number) => z.number().min(min).max(max);

/** Bounds wide enough for any real line, narrow enough that no value switches the VAD off. */
export const vadParamsBody = z
  .object({
    thresholdDb: range(3, 40),
    releaseDb: range(0, 20),
    voicingMin: range(0, 1),
    fricativeZcr: range(10, 160),
    fricativeReliefDb: range(0, 20),
    minSpeechMs: range(20, 1000),
    minEvidenceMs: range(0, 1000),
    hangoverMs: range(20, 2000),
    floorInitialDb: range(-100, -20),
    floorMinDb: range(-100, -20),
    floorRiseDbPerSec: range(0, 30),
    floorFallMs: range(20, 5000),
    assistantExtraDb: range(0, 30),
    assistantMinSpeechMs: range(20, 3000),
  } satisfies Record<keyof VadParams, z.ZodNumber>)
  .partial()
  .strict();

export const callSettingsBody = z
  .object({
    vad: vadParamsBody.default({}),
    recordCalls: z.boolean().default(true),
    /** Days recordings are kept; null: the system default. */
    recordingRetentionDays: z.number().int().min(1).max(3650).nullable().default(null),
  })
  .strict();
export type CallSettingsInput = z.infer<typeof callSettingsBody>;

export interface CallSettings {
  /** What the business set; everything else is the default. */
  vad: Partial<VadParams>;
  recordCalls: boolean;
  recordingRetentionDays: number | null;
}

export interface CallSettingsView extends CallSettings {
  /** The parameters a call uses: the defaults overlaid with `vad`. */
  effectiveVad: VadParams;
  defaults: Readonly<VadParams>;
  isDefault: boolean;
}

/** The settings a call starts with, inside the business's scope. */
export async function loadCallSettings(tx: Tx): Promise<CallSettings & { isDefault: boolean }> {
  const [row] = await tx
    .select({
      vad: callSettings.vad,
      recordCalls: callSettings.recordCalls,
      recordingRetentionDays: callSettings.recordingRetentionDays,
    })
    .from(callSettings)
    .limit(1);
  if (!row) return { vad: {}, recordCalls: true, recordingRetentionDays: null, isDefault: true };
  // Re-validated on read: a row edited by hand must not reach the VAD with a bad value.
  const vad = vadParamsBody.safeParse(row.vad);
  return {
    vad: vad.success ? vad.data : {},
    recordCalls: row.recordCalls,
    recordingRetentionDays: row.recordingRetentionDays,
    isDefault: false,
  };
}

function view(s: CallSettings & { isDefault: boolean }): CallSettingsView {
  return { ...s, effectiveVad: resolveVadParams(s.vad), defaults: DEFAULT_VAD_PARAMS };
}

export function getCallSettings(
  ctx: ServiceContext,
  businessId: string | undefined,
): Promise<CallSettingsView> {
  return inBusiness(ctx, businessId, 'calls.settings.read', async (tx) => view(await loadCallSettings(tx)));
}

export function saveCallSettings(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: CallSettingsInput,
): Promise<CallSettingsView> {
  return inBusiness(ctx, businessId, 'calls.settings.update', async (tx, bid) => {
    const values = {
      vad: input.vad,
      recordCalls: input.recordCalls,
      recordingRetentionDays: input.recordingRetentionDays,
      updatedBy: ctx.actor.userId,
    };
    await tx
      .insert(callSettings)
      .values({ businessId: bid, ...values })
      .onConflictDoUpdate({ target: callSettings.businessId, set: { ...values, updatedAt: sql`now()` } });
    const [row] = await tx.select().from(callSettings).where(eq(callSettings.businessId, bid));
    return view({
      vad: (row?.vad ?? {}) as Partial<VadParams>,
      recordCalls: row?.recordCalls ?? true,
      recordingRetentionDays: row?.recordingRetentionDays ?? null,
      isDefault: false,
    });
  });
}
