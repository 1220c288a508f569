/**
 * Text as PostgreSQL can store it. Two things a JavaScript string may hold make the
 * database refuse a whole statement: U+0000 (text and jsonb reject it) and a lone UTF-16
 * surrogate (jsonb rejects its `\ud800` escape; text gets U+FFFD from the encoder anyway).
 * Text is cleaned once, where it enters the system (the API's validation layer, the
 * WhatsApp webhook, Baileys' messages), so nothing further in has to think about it.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly what is removed.
const NUL = /\u0000/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (code units: no `u` flag). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Invariant: the result holds no U+0000 and no lone surrogate (each becomes U+FFFD). */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(NUL, '');
}

/**
 * The same value with every string in it cleaned (object keys too); anything else is
 * returned as it is. For parsed JSON and query strings: plain data, no cycles.
 */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(cleanDeep) as T;
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[cleanText(k)] = cleanDeep(v);
    return out as T;
  }
  return value;
}

/** An object literal or a prototype-less record (what Hono's c.req.query() returns). */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
