import { expect, test } from 'bun:test';
import { rejected } from '../test/settle';
import { createSecretBox } from './secrets';

const KEY = Buffer.alloc(32, 7).toString('base64');
const BIZ = '3f1c9a52-6f7e-4c1e-9a55-0b6f2f3d4e5a';

test('a sealed secret opens to the same text and does not contain it', async () => {
  const box = await createSecretBox(KEY);
  const sealed = await box.seal('twilio-auth-token-abc', BIZ);
  expect(sealed).not.toContain('twilio');
  expect(await box.open(sealed, BIZ)).toBe('twilio-auth-token-abc');
});

test('the same secret sealed twice differs (fresh IV)', async () => {
  const box = await createSecretBox(KEY);
  expect(await box.seal('x', BIZ)).not.toBe(await box.seal('x', BIZ));
});

test('a secret copied to another business or tampered with does not open', async () => {
  const box = await createSecretBox(KEY);
  const sealed = await box.seal('token', BIZ);
  expect(await rejected(box.open(sealed, '00000000-0000-4000-8000-000000000000'))).toThrow();
  // One character of the ciphertext changed (never to itself: that would be no change at all).
  const i = sealed.length - 2;
  const tampered = `${sealed.slice(0, i)}${sealed[i] === 'A' ? 'B' : 'A'}${sealed.slice(i + 1)}`;
  expect(tampered).not.toBe(sealed);
  expect(await rejected(box.open(tampered, BIZ))).toThrow();
});

test('a different key cannot open it', async () => {
  const sealed = await (await createSecretBox(KEY)).seal('token', BIZ);
  const other = await createSecretBox(Buffer.alloc(32, 9).toString('base64'));
  expect(await rejected(other.open(sealed, BIZ))).toThrow();
});
