const shekels = new Intl.NumberFormat('he-IL', { style: 'currency', currency: 'ILS' });

/** 12345 agorot → "‏123.45 ₪" (the server keeps integer agorot; floats never hold money). */
export function formatAgorot(agorot: number): string {
  return shekels.format(agorot / 100);
}

/**
 * What a person types as shekels ("1,250", "99.9", "₪ 40") → agorot; null for anything
 * else, zero or negative, or more than two decimals.
 */
export function parseShekels(input: string): number | null {
  const cleaned = input.replace(/[₪,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  const agorot = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return agorot > 0 && Number.isSafeInteger(agorot) ? agorot : null;
}
