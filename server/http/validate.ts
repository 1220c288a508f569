import type { Context } from 'hono';
import type { z } from 'zod';
import { cleanDeep } from '../lib/clean-text';
import { AppError, ValidationError } from '../lib/errors';

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '(body)';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Parses the JSON body with a zod schema; 415 for a non-JSON body, 400 naming each bad field. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError(415, 'unsupported_media_type', 'Send JSON (Content-Type: application/json)');
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ValidationError({ '(body)': 'is not valid JSON' });
  }
  return parseWith(schema, raw);
}

/**
 * Parses input (a JSON body, a query string's values) with a zod schema; 400 naming each
 * bad field. Every string is cleaned first (server/lib/clean-text.ts): this is the one
 * place API input is validated, so no handler ever sees text PostgreSQL would refuse.
 */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(cleanDeep(raw));
  if (!parsed.success) throw new ValidationError(fieldsOf(parsed.error));
  return parsed.data;
}
