/**
 * CSV as spreadsheets read it (RFC 4180): CRLF line ends, a field quoted when it holds a
 * quote, comma or line break, quotes doubled. A byte-order mark first, or Excel reads
 * UTF-8 as the local code page and the Hebrew turns to mojibake.
 */
const BOM = '\uFEFF';

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((row) => `${row.map(field).join(',')}\r\n`);
  return BOM + lines.join('');
}

/**
 * Prefixes an apostrophe to text a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR first): OWASP's advice against CSV injection. Use on free text, not on numbers.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
