/** Test fixture: a finished call with a one-second recording, as the relay leaves it. */
import type { Database } from '../../db/database';
import { recordCallEnd, recordCallStart } from '../call-records.ts';
import type { RecordingStore } from './store.ts';

export async function seedRecordedCall(
  db: Database,
  store: RecordingStore,
  businessId: string,
): Promise<string> {
  const callId = crypto.randomUUID();
  const now = new Date();
  await recordCallStart(db, {
    callId,
    businessId,
    callSid: `CA${callId.replaceAll('-', '')}`,
    from: '+972541112233',
    to: '+97235550111',
    startedAt: now,
    answeredAt: now,
  });
  const file = await store.create(businessId, callId);
  file.write(new Uint8Array(16_000));
  const { sizeBytes } = await file.finish(8000);
  await recordCallEnd(db, {
    callId,
    businessId,
    endedAt: now,
    endReason: 'caller hung up',
    durationMs: 1000,
    transcript: [{ speaker: 'assistant', text: 'שלום', atMs: 0 }],
    counters: {},
    recording: { path: file.path, sizeBytes, durationMs: 1000, status: 'complete', missingMs: 0 },
  });
  return callId;
}
