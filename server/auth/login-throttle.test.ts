import { expect, test } from 'bun:test';
import { createLoginThrottle } from './login-throttle';

test('locks an email after its limit and frees it when the window passes', () => {
  let t = 0;
  const throttle = createLoginThrottle({ windowMs: 60_000, perEmail: 2, perIp: 100 }, () => t);
  throttle.fail('1.1.1.1', 'a@x');
  expect(throttle.retryAfter('1.1.1.1', 'a@x')).toBe(0);
  throttle.fail('2.2.2.2', 'a@x');
  expect(throttle.retryAfter('3.3.3.3', 'a@x')).toBe(60);
  t = 60_001;
  expect(throttle.retryAfter('3.3.3.3', 'a@x')).toBe(0);
});

test('locks an IP across many emails', () => {
  const throttle = createLoginThrottle({ windowMs: 60_000, perEmail: 100, perIp: 3 }, () => 0);
  for (const e of ['a', 'b', 'c']) throttle.fail('9.9.9.9', e);
  expect(throttle.retryAfter('9.9.9.9', 'fresh@x')).toBe(60);
  expect(throttle.retryAfter('8.8.8.8', 'fresh@x')).toBe(0);
});

test('a success clears the email counter', () => {
  const throttle = createLoginThrottle({ windowMs: 60_000, perEmail: 2, perIp: 100 }, () => 0);
  throttle.fail('1.1.1.1', 'a@x');
  throttle.succeed('a@x');
  throttle.fail('1.1.1.1', 'a@x');
  expect(throttle.retryAfter('1.1.1.1', 'a@x')).toBe(0);
});
