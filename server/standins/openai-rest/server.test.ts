import { afterAll, beforeAll, expect, test } from 'bun:test';
import OpenAI, { toFile } from 'openai';
import { type OpenAiRestStandin, startOpenAiRestStandin } from './server.ts';
import { cosine } from './vectors.ts';

let standin: OpenAiRestStandin;
let client: OpenAI;
beforeAll(async () => {
  standin = await startOpenAiRestStandin({
    apiKey: 'sk-test',
    transcript: 'אני רוצה תור למחר',
    script: {
      rules: [
        {
          match: { lastRole: 'user', contains: 'תור' },
          reply: { toolCalls: [{ name: 'check_availability', arguments: { day: 'מחר' } }] },
        },
        { match: { toolName: 'check_availability' }, reply: { content: 'יש מקום מחר בעשר.' } },
        { match: { structured: true }, reply: { json: { date: '2030-01-02', time: null } } },
      ],
    },
  });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: standin.baseUrl, maxRetries: 0 });
});
afterAll(() => standin.stop());

/** The error a request fails with (the SDK's APIPromise does not suit `expect().rejects`). */
const failureOf = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => null,
    (e: unknown) => e,
  );

test('a chat turn asks for a tool, and the tool result gets a spoken answer', async () => {
  const first = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'אפשר תור?' }],
  });
  const call = first.choices[0]?.message.tool_calls?.[0];
  expect(first.choices[0]?.finish_reason).toBe('tool_calls');
  if (call?.type !== 'function') throw new Error('expected a function call');
  expect(call.function.name).toBe('check_availability');
  expect(JSON.parse(call.function.arguments)).toEqual({ day: 'מחר' });

  const second = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'user', content: 'אפשר תור?' },
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: call.id, content: '{"ok":true}' },
    ],
  });
  expect(second.choices[0]?.message.content).toBe('יש מקום מחר בעשר.');
});

test('a structured-output request gets its JSON as the message content', async () => {
  const res = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'בעוד שבועיים' }],
    response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
  });
  expect(JSON.parse(res.choices[0]?.message.content ?? '')).toEqual({ date: '2030-01-02', time: null });
});

test('embeddings are deterministic and closer for texts that share words', async () => {
  const res = await client.embeddings.create({
    model: 'text-embedding-3-small',
    input: ['מה שעות הפתיחה', 'מה שעות הפתיחה שלכם', 'כמה עולה תספורת'],
  });
  const [a, b, c] = res.data.map((d) => d.embedding) as [number[], number[], number[]];
  expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
  const again = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'מה שעות הפתיחה' });
  expect(again.data[0]?.embedding).toEqual(a);
});

test('transcription answers the configured text and speech answers real audio', async () => {
  const t = await client.audio.transcriptions.create({
    model: 'gpt-4o-transcribe',
    file: await toFile(new Uint8Array(1600), 'call.wav'),
  });
  expect(t.text).toBe('אני רוצה תור למחר');
  const speech = await client.audio.speech.create({
    model: 'gpt-4o-mini-tts',
    voice: 'cedar',
    input: 'שלום',
  });
  const bytes = new Uint8Array(await speech.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('RIFF');
  expect(bytes.length).toBeGreaterThan(8000); // more than a second of 8 kHz audio
});

test('a wrong API key is refused with 401', async () => {
  const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: standin.baseUrl, maxRetries: 0 });
  const err = await failureOf(
    wrong.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
  );
  expect(err).toMatchObject({ status: 401, code: 'invalid_api_key' });
});

test('injected failures answer the first N requests with the status, then recover', async () => {
  const flaky = await startOpenAiRestStandin({ failures: { count: 2, status: 429 } });
  try {
    const c = new OpenAI({ apiKey: 'k', baseURL: flaky.baseUrl, maxRetries: 0 });
    const ask = () => c.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'היי' }] });
    expect(await failureOf(ask())).toMatchObject({ status: 429 });
    expect(await failureOf(ask())).toMatchObject({ status: 429 });
    const ok = await ask();
    expect(ok.choices[0]?.message.content).toContain('לעזור');
    expect(flaky.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  } finally {
    await flaky.stop();
  }
});
