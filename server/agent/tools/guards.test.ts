import { describe, expect, test } from 'bun:test';
import { israeliPhone, nameProblem } from './guards';

describe('names', () => {
  test.each(['דנה כהן', 'יוסי', "ז'אק לוי", 'Dana Cohen', 'מרים בן-דוד'])('accepts %p', (name) => {
    expect(nameProblem(name)).toBeNull();
  });
  test.each(['לקוח', 'ישראל ישראלי', 'test', 'Test', 'פלוני אלמוני', 'הלקוח', 'לא ידוע', 'Customer'])(
    'refuses the placeholder %p',
    (name) => {
      expect(nameProblem(name)).toBe('placeholder');
    },
  );
  test.each(['א', 'דנה 2', '0541234567', 'אאאא', 'x@y.com', ''])('refuses %p as not a name', (name) => {
    expect(nameProblem(name)).toBe('not_a_name');
  });
});

describe('Israeli phone numbers', () => {
  test.each([
    ['054-321-7896', '+972543217896'],
    ['0543217896', '+972543217896'],
    ['+972 54 321 7896', '+972543217896'],
    ['03-1234567', '+97231234567'],
    ['אפס חמש ארבע שלוש שתיים אחת שבע שמונה תשע שש', '+972543217896'],
  ])('reads %p as %p', (input, e164) => {
    expect(israeliPhone(input)).toBe(e164);
  });
  test.each(['054-321', '12345', '+1 415 867 5309', 'לא יודע', '054321789612'])('refuses %p', (input) => {
    expect(israeliPhone(input)).toBeNull();
  });
});
