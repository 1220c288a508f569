import { expect, test } from 'bun:test';
import { formatAgorot, parseShekels } from './money';

test('typed shekels become exact agorot, with no floating-point drift', () => {
  expect(parseShekels('123.45')).toBe(12_345);
  expect(parseShekels('0.1')).toBe(10);
  expect(parseShekels('1,250')).toBe(125_000);
  expect(parseShekels('₪ 40')).toBe(4000);
  expect(parseShekels('19.99')).toBe(1999);
});

test('nonsense, zero, negatives and sub-agora amounts are refused', () => {
  for (const bad of ['', 'abc', '0', '-5', '1.234', '1.2.3']) expect(parseShekels(bad)).toBeNull();
});

test('agorot are shown as shekels with the sign', () => {
  const text = formatAgorot(12_345);
  expect(text).toContain('123.45');
  expect(text).toContain('₪');
});
