/**
 * The two TwiML answers the voice webhook gives. Built by hand (two fixed shapes), with every
 * attribute value XML-escaped: the business id and token are ours, but escaping keeps that an
 * assumption nobody has to check.
 */

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] as string);
}

const PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>';

/** `<Connect><Stream>`: a bidirectional media stream to `url` (wss://, no query string). */
export function connectStreamTwiml(url: string, parameters: Record<string, string>): string {
  const params = Object.entries(parameters)
    .map(
      ([name, value]) =>
        `<Parameter name="${escapeXmlAttribute(name)}" value="${escapeXmlAttribute(value)}"/>`,
    )
    .join('');
  return `${PROLOGUE}<Response><Connect><Stream url="${escapeXmlAttribute(url)}">${params}</Stream></Connect></Response>`;
}

/** Refuses the call before it is answered (the caller hears a busy/unavailable tone, no charge). */
export function rejectTwiml(): string {
  return `${PROLOGUE}<Response><Reject/></Response>`;
}
