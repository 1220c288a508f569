import { describe, expect, test } from 'bun:test';
import type { ToolResult } from '../agent/tools/results';
import type { FunctionCall, UpstreamEvent } from './events.ts';
import { createModelTurns } from './model-turns.ts';

/** Model turns with a fake upstream (frames kept as parsed JSON) and tools resolved by hand. */
function rig() {
  const sent: Array<Record<string, unknown>> = [];
  const actions: Array<{ type: string; spoke: boolean }> = [];
  const pending = new Map<string, (r: ToolResult) => void>();
  const turns = createModelTurns({
    send: (frame) => sent.push(JSON.parse(frame)),
    runTool: (call) => new Promise((resolve) => pending.set(call.callId, resolve)),
    onAction: (action, spoke) => actions.push({ type: action.type, spoke }),
    elapsedMs: () => 0,
    log: { warn() {}, info() {} },
  });
  const ev = (e: UpstreamEvent) => turns.observe(e);
  const call = (responseId: string, callId: string, name = 'book_appointment'): FunctionCall => ({
    type: 'function_call',
    responseId,
    itemId: `item-${callId}`,
    callId,
    name,
    arguments: '{}',
  });
  const finish = async (callId: string, result: ToolResult) => {
    pending.get(callId)?.(result);
    await Bun.sleep(0);
  };
  const types = () =>
    sent.map((f) =>
      f.type === 'conversation.item.create' ? `item:${(f.item as { type: string }).type}` : f.type,
    );
  return { turns, ev, call, finish, sent, types, actions };
}

const ok: ToolResult = { ok: true, message: 'נקבע' };

describe('model turns', () => {
  test('a tool result goes back at once, and the follow-up waits until the response is done', async () => {
    const r = rig();
    r.ev({ type: 'response_created', responseId: 'r1' });
    r.ev(r.call('r1', 'c1'));
    await r.finish('c1', ok);
    expect(r.types()).toEqual(['item:function_call_output']); // no response.create while r1 is active
    r.ev({ type: 'response_done', responseId: 'r1', status: 'completed' });
    expect(r.types()).toEqual(['item:function_call_output', 'response.create']);
  });

  test('a response that made two calls is followed up once, after both results', async () => {
    const r = rig();
    r.ev({ type: 'response_created', responseId: 'r1' });
    r.ev(r.call('r1', 'c1'));
    r.ev(r.call('r1', 'c2', 'lookup_faq'));
    r.ev({ type: 'response_done', responseId: 'r1', status: 'completed' });
    await r.finish('c1', ok);
    expect(r.types()).toEqual(['item:function_call_output']);
    await r.finish('c2', ok);
    expect(r.types()).toEqual(['item:function_call_output', 'item:function_call_output', 'response.create']);
  });

  test('a second request while a response is being created is answered by that response', async () => {
    const r = rig();
    r.ev({ type: 'response_created', responseId: 'r1' });
    r.ev(r.call('r1', 'c1'));
    await r.finish('c1', ok);
    r.ev({ type: 'response_done', responseId: 'r1', status: 'completed' });
    r.turns.requestResponse(); // asked again (keyed digits) while ours is being created
    r.ev({ type: 'response_created', responseId: 'r2' });
    r.ev({ type: 'response_done', responseId: 'r2', status: 'completed' });
    expect(r.types().filter((t) => t === 'response.create')).toHaveLength(1);
  });

  test('end_call after a spoken goodbye asks for nothing more; without words first it asks for the goodbye', async () => {
    const spoken = rig();
    spoken.ev({ type: 'response_created', responseId: 'r1' });
    spoken.ev({ type: 'assistant_audio', responseId: 'r1', itemId: 'a', audioBase64: '', byteLength: 0 });
    spoken.ev(spoken.call('r1', 'c1', 'end_call'));
    await spoken.finish('c1', { ok: true, message: 'השיחה תסתיים.', action: { type: 'end_call' } });
    spoken.ev({ type: 'response_done', responseId: 'r1', status: 'completed' });
    expect(spoken.actions).toEqual([{ type: 'end_call', spoke: true }]);
    expect(spoken.types()).toEqual(['item:function_call_output']);

    const silent = rig();
    silent.ev({ type: 'response_created', responseId: 'r1' });
    silent.ev(silent.call('r1', 'c1', 'end_call'));
    await silent.finish('c1', { ok: true, message: 'השיחה תסתיים.', action: { type: 'end_call' } });
    silent.ev({ type: 'response_done', responseId: 'r1', status: 'completed' });
    expect(silent.actions).toEqual([{ type: 'end_call', spoke: false }]);
    expect(silent.types()).toEqual(['item:function_call_output', 'response.create']);
  });

  test('a result that arrives after the session was replaced is told to the new one as a note', async () => {
    const r = rig();
    r.ev({ type: 'response_created', responseId: 'r1' });
    r.ev(r.call('r1', 'c1'));
    r.turns.sessionReplaced();
    await r.finish('c1', ok);
    expect(r.types()).toEqual(['item:message', 'response.create']);
    expect(JSON.stringify(r.sent[0])).toContain('book_appointment');
    expect((r.sent[0]?.item as { role: string } | undefined)?.role).toBe('system');
  });

  test("keyed digits become the caller's words, and the transcript keeps who said what", () => {
    const r = rig();
    r.ev({ type: 'assistant_transcript_done', responseId: 'r0', itemId: 'a', transcript: 'שלום' });
    r.turns.keyed('0541234567');
    r.ev({ type: 'caller_transcript', itemId: 'u', transcript: 'תודה' });
    expect(r.types()).toEqual(['item:message', 'response.create']);
    expect(JSON.stringify(r.sent[0])).toContain('המתקשר הקיש: 0541234567');
    expect(r.turns.transcript.turns.map((t) => `${t.speaker}:${t.text}`)).toEqual([
      'assistant:שלום',
      'caller:המתקשר הקיש: 0541234567',
      'caller:תודה',
    ]);
  });
});
