import { describe, expect, test } from 'bun:test';
import { createManualClock } from '../clock.ts';
import { createConversation } from './conversation.ts';
import { createIds, type ServerEventDraft } from './events.ts';
import { type ResponseOutcome, startResponse } from './responder.ts';
import type { LoadedTurn } from './script.ts';

const turn = (audioMs: number): LoadedTurn => ({
  audio: new Uint8Array(audioMs * 8).fill(0x42),
  transcript: 'one two three four',
  functionCall: null,
  afterOutput: null,
});

function run(t: LoadedTurn) {
  const clock = createManualClock();
  const conversation = createConversation();
  const events: Array<{ at: number; event: ServerEventDraft }> = [];
  const outcomes: ResponseOutcome[] = [];
  const response = startResponse(
    t,
    {
      clock,
      ids: createIds(),
      conversation,
      pacing: { speed: 4, chunkMs: 100, firstAudioDelayMs: 100 },
      conversationId: 'conv_1',
      voice: 'marin',
      metadata: null,
      emit: (event) => events.push({ at: clock.now(), event }),
    },
    (o) => outcomes.push(o),
  );
  const deltas = () => events.filter((e) => e.event.type === 'response.output_audio.delta');
  return { clock, conversation, events, outcomes, response, deltas };
}

describe('scripted response', () => {
  test('sends audio ahead of real time, one chunk per chunkMs / speed', () => {
    const r = run(turn(1000));
    expect(r.events.map((e) => e.event.type)).toEqual(['response.created']);
    r.clock.advance(2000);
    // 1000 ms in 100 ms chunks at 4x: a delta every 25 ms from 100 ms; done at 350 ms.
    expect(r.deltas().map((e) => e.at)).toEqual([100, 125, 150, 175, 200, 225, 250, 275, 300, 325]);
    expect(r.events.at(-1)).toMatchObject({ at: 350, event: { type: 'response.done' } });
    expect(r.outcomes).toEqual([
      { id: r.response.id, status: 'completed', audioBytes: 8000, functionCall: null },
    ]);
  });

  test('when cancelled, holds exactly the audio it sent and reports a cancelled response', () => {
    const r = run(turn(1000));
    r.clock.advance(160); // three deltas out: 100, 125, 150
    r.response.cancel('turn_detected');
    const added = r.events.find((e) => e.event.type === 'response.output_item.added')?.event;
    const itemId = added?.type === 'response.output_item.added' ? (added.item.id as string) : '';
    expect(r.conversation.get(itemId)?.audioMs).toBe(300);
    const done = r.events.at(-1)?.event;
    expect(done).toMatchObject({
      type: 'response.done',
      response: { status: 'cancelled', status_details: { type: 'cancelled', reason: 'turn_detected' } },
    });
    expect(r.events.find((e) => e.event.type === 'response.output_item.done')?.event).toMatchObject({
      item: { status: 'incomplete' },
    });
    r.clock.advance(1000);
    expect(r.deltas()).toHaveLength(3);
    expect(r.clock.pending()).toBe(0);
  });
});
