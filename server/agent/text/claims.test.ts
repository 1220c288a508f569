import { describe, expect, test } from 'bun:test';
import { claimsBooking } from './claims';

describe('booking claims', () => {
  test.each([
    'מעולה, קבעתי לך תור למחר בשלוש!',
    'התור נקבע ליום שלישי.',
    'שריינתי לך את השעה עשר.',
    'התור שלך נקבע בהצלחה 👍',
    'הזזתי את התור ליום חמישי.',
    'סגור, שוריין לך מקום.',
    'קָבַעְתִּי לך תור',
  ])('catches %p', (reply) => {
    expect(claimsBooking(reply)).toBe(true);
  });

  test.each([
    'עוד לא קבעתי את התור, אני צריך קודם את השם המלא.',
    'לא קבעתי תור. רוצה שאקבע?',
    'מתי נוח לך שנקבע?',
    'יש מקום מחר בעשר ובאחת עשרה. מה מתאים?',
    'אני יכול לקבוע לך תור, מה השם המלא?',
    'טרם קבעתי, רק בדקתי זמינות.',
  ])('lets %p through', (reply) => {
    expect(claimsBooking(reply)).toBe(false);
  });
});
