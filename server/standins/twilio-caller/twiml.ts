/** What the caller needs from the app's TwiML answer. */
export interface StreamTwiml {
  /** The `<Stream url>` as written (the public `wss://` URL). */
  url: string;
  /** `<Parameter name value>` pairs, in document order (later duplicates win). */
  parameters: Record<string, string>;
  /** The `<Stream>` attributes other than url (name, track, statusCallback…). */
  attributes: Record<string, string>;
}

export type TwimlAnswer =
  | { kind: 'stream'; stream: StreamTwiml; verbs: string[] }
  | { kind: 'other'; verbs: string[] };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(
          e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
        )
      : (ENTITIES[e.toLowerCase()] ?? _),
  );

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    out[m[1] as string] = unescapeXml(m[3] ?? m[4] ?? '');
  }
  return out;
}

/**
 * Reads a voice webhook answer the way Twilio would for this app: a `<Connect><Stream>`
 * opens a bidirectional stream. Throws, naming Twilio's error, for what Twilio refuses:
 * a Stream URL with a query string (31922) or one that is not `wss://`. A `<Start><Stream>`
 * is reported as not streaming, since it only forks audio one way.
 */
export function parseTwiml(xml: string): TwimlAnswer {
  const body = /<Response\b[^>]*>([\s\S]*)<\/Response>/.exec(xml)?.[1];
  if (body === undefined) {
    if (/<Response\b[^>]*\/>/.test(xml)) return { kind: 'other', verbs: [] };
    throw new Error('TwiML has no <Response> element');
  }
  const verbs = [...body.matchAll(/<([A-Z][A-Za-z]*)\b/g)].map((m) => m[1] as string);
  const connect = /<Connect\b[^>]*>([\s\S]*?)<\/Connect>/.exec(body)?.[1];
  const streamTag = connect && /<Stream\b([^>]*?)(\/>|>([\s\S]*?)<\/Stream>)/.exec(connect);
  if (!streamTag) return { kind: 'other', verbs };
  const attrs = attributes(streamTag[1] ?? '');
  const url = attrs.url;
  if (!url) throw new Error('<Stream> has no url attribute');
  if (!url.startsWith('wss://'))
    throw new Error(`<Stream url="${url}">: Twilio only connects to wss:// URLs`);
  if (new URL(url).search)
    throw new Error(`<Stream url="${url}">: query strings are not supported (Twilio error 31922)`);
  const parameters: Record<string, string> = {};
  for (const p of (streamTag[3] ?? '').matchAll(/<Parameter\b([^>]*?)\/?>/g)) {
    const a = attributes(p[1] ?? '');
    if (a.name !== undefined) parameters[a.name] = a.value ?? '';
  }
  const { url: _, ...rest } = attrs;
  return { kind: 'stream', stream: { url, parameters, attributes: rest }, verbs };
}

/** One verb of a TwiML document, as far as the stand-in follows them. */
export type TwimlVerb =
  | { verb: 'Say'; text: string; attributes: Record<string, string> }
  | {
      verb: 'Dial';
      attributes: Record<string, string>;
      numbers: Array<{ number: string; attributes: Record<string, string> }>;
    }
  | { verb: 'Gather'; attributes: Record<string, string>; says: string[] }
  | { verb: 'Hangup' }
  | { verb: 'Connect'; stream: StreamTwiml }
  | { verb: string };

/**
 * The top-level verbs of a TwiML document in order (`<Say>`, `<Dial>` with its `<Number>`s,
 * `<Gather>` with its `<Say>`s, `<Connect><Stream>`, `<Hangup>`, others by name). Throws for
 * what is not a `<Response>`, as Twilio's parser would refuse it.
 */
export function parseVerbs(xml: string): TwimlVerb[] {
  const body = /<Response\b[^>]*>([\s\S]*)<\/Response>/.exec(xml)?.[1];
  if (body === undefined) {
    if (/<Response\b[^>]*\/>/.test(xml)) return [];
    throw new Error('TwiML has no <Response> element');
  }
  const verbs: TwimlVerb[] = [];
  const top = /<([A-Z][A-Za-z]*)\b([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g;
  for (const m of body.matchAll(top)) {
    const [, name, attrText, , inner = ''] = m as unknown as [string, string, string, string, string?];
    const attrs = attributes(attrText);
    if (name === 'Say') verbs.push({ verb: 'Say', text: unescapeXml(inner.trim()), attributes: attrs });
    else if (name === 'Dial') {
      const numbers = [...inner.matchAll(/<Number\b([^>]*?)>([\s\S]*?)<\/Number>/g)].map((n) => ({
        number: unescapeXml((n[2] ?? '').trim()),
        attributes: attributes(n[1] ?? ''),
      }));
      if (numbers.length === 0 && inner.trim() && !inner.includes('<'))
        numbers.push({ number: unescapeXml(inner.trim()), attributes: {} });
      verbs.push({ verb: 'Dial', attributes: attrs, numbers });
    } else if (name === 'Gather') {
      const says = [...inner.matchAll(/<Say\b[^>]*>([\s\S]*?)<\/Say>/g)].map((s) =>
        unescapeXml((s[1] ?? '').trim()),
      );
      verbs.push({ verb: 'Gather', attributes: attrs, says });
    } else if (name === 'Connect') {
      const answer = parseTwiml(`<Response>${m[0]}</Response>`);
      if (answer.kind === 'stream') verbs.push({ verb: 'Connect', stream: answer.stream });
      else verbs.push({ verb: 'Connect' });
    } else verbs.push({ verb: name });
  }
  return verbs;
}
