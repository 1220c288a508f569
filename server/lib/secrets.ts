/**
 * Encrypts per-business secrets at rest (AES-256-GCM, WebCrypto). The stored form is
 * `v1.<iv>.<ciphertext+tag>` in base64url; the business id is bound as additional data,
 * so a ciphertext copied onto another business's row does not decrypt.
 */
const VERSION = 'v1';

export interface SecretBox {
  seal(plaintext: string, businessId: string): Promise<string>;
  open(sealed: string, businessId: string): Promise<string>;
}

export async function createSecretBox(base64Key: string): Promise<SecretBox> {
  const raw = Buffer.from(base64Key, 'base64');
  if (raw.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes');
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  const aad = (businessId: string) => new TextEncoder().encode(`business:${businessId}`);
  return {
    async seal(plaintext, businessId) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: aad(businessId) },
        key,
        new TextEncoder().encode(plaintext),
      );
      return `${VERSION}.${Buffer.from(iv).toString('base64url')}.${Buffer.from(data).toString('base64url')}`;
    },
    async open(sealed, businessId) {
      const [version, iv, data] = sealed.split('.');
      if (version !== VERSION || !iv || !data) throw new Error('not a sealed secret');
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: Buffer.from(iv, 'base64url'), additionalData: aad(businessId) },
        key,
        Buffer.from(data, 'base64url'),
      );
      return new TextDecoder().decode(plain);
    },
  };
}
