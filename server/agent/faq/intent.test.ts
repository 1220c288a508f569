import { describe, expect, test } from 'bun:test';
import { intentOf } from './intent';

const isQuestion = (text: string) => {
  const { act, own } = intentOf(text);
  return act.length === 0 && own.length === 0;
};

describe('a question about the business', () => {
  test('is one, however it is put', () => {
    for (const q of [
      'איך מבטלים תור?',
      'עד מתי אפשר לבטל?',
      'צריך לקבוע תור מראש?',
      'אפשר להביא כלב?',
      'כמה עולה תספורת?',
    ])
      expect(isQuestion(q)).toBe(true);
  });
});

describe('a request to act', () => {
  test('asks to book, cancel, move or reserve', () => {
    expect(intentOf('אפשר לבטל תור?').act).toEqual(['אפשר']);
    expect(intentOf('תקבעי לי תור ליום ראשון').act).toEqual(['תקבעי']);
    expect(intentOf('אני צריך להזיז את התור').act).toEqual(['צריך']);
    expect(intentOf('רציתי לקבוע תור').act).toEqual(['רציתי']);
    expect(intentOf('בא לי להזמין שולחן').act).toEqual(['בא']);
  });
  test('includes asking for a free slot', () => {
    expect(intentOf('יש תור פנוי מחר?').act).toEqual(['פנוי']);
  });
  test('is not wanting to know something', () => {
    expect(isQuestion('רציתי לדעת מה שעות הפתיחה')).toBe(true);
  });
});

describe('the customer’s own data', () => {
  test('is asked with "my", a booking of theirs, or something they did', () => {
    expect(intentOf('מתי התור שלי?').own).toEqual(['שלי']);
    expect(intentOf('יש לי תור מחר?').own).toEqual(['יש לי']);
    expect(intentOf('קבעתי תור לחמישי').own).toEqual(['קבעתי']);
  });
  test('is not a pain the customer has', () => {
    expect(intentOf('יש לי כאב חזק בשן, מה לעשות?').own).toEqual([]);
  });
});

describe('English mixed in', () => {
  test('"my" is the customer’s own data, a bare verb is a request', () => {
    expect(intentOf('מתי my appointment?').own).toEqual(['my']);
    expect(intentOf('book לי תור למחר').act).toEqual(['book']);
    expect(intentOf('please cancel התור').act).toEqual(['cancel']);
  });
  test('and asking to come over is a request too', () => {
    expect(intentOf('יש לי נזילה תגיעו היום?').act).toEqual(['תגיעו']);
    expect(isQuestion('תוך כמה זמן אתם מגיעים?')).toBe(true);
  });
});
