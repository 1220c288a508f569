import { describe, expect, test } from 'bun:test';
import { createCallerTurns } from './caller-turns.ts';
import { judgeWords } from './caller-words.ts';

describe('caller words', () => {
  test('backchannels, stop words and longer words', () => {
    for (const w of ['כן', 'כן.', 'אהה', 'אהההה', 'מממ', 'בסדר', 'אוקיי', 'אוקיי.', 'כן, בסדר'])
      expect({ w, v: judgeWords(w) }).toEqual({ w, v: 'backchannel' });
    for (const w of ['רגע', 'שנייה', 'לא', 'סליחה', 'מה?', 'כן, אבל רגע', 'אני רוצה לבטל'])
      expect({ w, v: judgeWords(w) }).toEqual({ w, v: 'barge_in' });
    for (const w of ['', '...', ' ']) expect(judgeWords(w)).toBe('empty');
  });
});

function rig(audible: { now: boolean }) {
  const log: string[] = [];
  let interruptions = 0;
  const turns = createCallerTurns({
    respond: () => log.push('respond'),
    deleteItem: (id) => log.push(`delete ${id}`),
    bargeIn: () => {
      interruptions++;
      log.push('barge-in');
    },
    assistantAudible: () => audible.now,
    interruptions: () => interruptions,
  });
  return {
    turns,
    log,
    interrupt: () => {
      interruptions++;
    },
  };
}

describe('caller turns', () => {
  test('a turn while the assistant is silent is answered at once', () => {
    const r = rig({ now: false });
    r.turns.speechStarted('u1', 0);
    r.turns.localSpeechEnded(900);
    r.turns.committed('u1', 1400);
    expect(r.log).toEqual(['respond']);
  });

  test('a "כן" over the assistant waits for its words, is deleted, and is never answered', () => {
    const r = rig({ now: true });
    r.turns.speechStarted('u1', 0);
    r.turns.localSpeechEnded(400);
    r.turns.committed('u1', 900);
    expect(r.log).toEqual([]);
    r.turns.transcript('u1', 'כן', 1200);
    expect(r.log).toEqual(['delete u1']);
  });

  test('a lone "לא" over the assistant is a barge-in once its words arrive, then answered', () => {
    const r = rig({ now: true });
    r.turns.speechStarted('u1', 0);
    r.turns.localSpeechEnded(400);
    r.turns.committed('u1', 900);
    r.turns.transcript('u1', 'לא', 1200);
    expect(r.log).toEqual(['barge-in', 'respond']);
  });

  test('a turn that barged in locally is answered without waiting for words', () => {
    const audible = { now: true };
    const r = rig(audible);
    r.turns.speechStarted('u1', 0);
    r.interrupt();
    audible.now = false;
    r.turns.localSpeechEnded(2000);
    r.turns.committed('u1', 2500);
    expect(r.log).toEqual(['respond']);
  });

  test('a "כן" the caller finishes after the assistant stopped is an answer', () => {
    const audible = { now: true };
    const r = rig(audible);
    r.turns.speechStarted('u1', 0);
    audible.now = false;
    r.turns.localSpeechEnded(300);
    r.turns.committed('u1', 800);
    expect(r.log).toEqual(['respond']);
  });

  test('a cough over the assistant (no voice heard locally) is dropped, whatever its transcript', () => {
    const r = rig({ now: true });
    r.turns.speechStarted('u1', 0);
    r.turns.localSpeechEnded(300, false);
    r.turns.committed('u1', 800);
    r.turns.transcript('u1', 'תודה רבה', 1100);
    expect(r.log).toEqual(['delete u1']);
  });

  test('with no words within the wait, the turn is let go as a backchannel', () => {
    const r = rig({ now: true });
    r.turns.speechStarted('u1', 0);
    r.turns.localSpeechEnded(400);
    r.turns.committed('u1', 900);
    r.turns.tick(2000);
    expect(r.log).toEqual([]);
    r.turns.tick(3500);
    expect(r.log).toEqual(['delete u1']);
    expect(r.turns.stats.wordsTimedOut).toBe(1);
  });
});
