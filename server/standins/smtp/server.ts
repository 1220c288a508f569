/**
 * An SMTP server for tests and demo-less development checks: what a mail relay answers to a
 * client that sends one message at a time (RFC 5321): EHLO/HELO, AUTH PLAIN and LOGIN (when
 * credentials are set, required before MAIL), MAIL FROM, RCPT TO, DATA with dot-unstuffing,
 * RSET, NOOP, QUIT. Every accepted message is kept, with its Subject and text part decoded
 * (RFC 2047 words; quoted-printable or base64 bodies), so a test reads the mail as a person would.
 * No TLS is offered, so a client stays on the plain connection.
 */
import type { Socket } from 'bun';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

export interface SmtpStandin {
  readonly url: string;
  readonly messages: ReceivedMail[];
  /** Resolves with the next message accepted (or one already waiting past `seen`). */
  next(seen?: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

interface Session {
  buffer: string;
  greeted: boolean;
  authed: boolean;
  from: string | null;
  to: string[];
  data: string[] | null;
  /** Mid AUTH LOGIN: which field the next line is. */
  login: { step: 'user' | 'pass'; user?: string } | null;
}

const decodeWords = (s: string) =>
  s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_m, _cs: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );

function decodeQuotedPrintable(s: string): string {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const ch = soft[i] as string;
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The Subject and the first text/plain part (or the whole body) of a message. */
export function parseMail(raw: string): { subject: string; text: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string, from = headers) =>
    new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(from)?.[1]?.trim() ?? '';
  let body = rest.join('\r\n\r\n');
  let partHeaders = headers;
  const boundary = /boundary="?([^";]+)"?/i.exec(header('Content-Type'))?.[1];
  if (boundary) {
    const parts = body.split(`--${boundary}`).slice(1, -1);
    const plain = parts.find((p) => /content-type:\s*text\/plain/i.test(p)) ?? parts[0] ?? '';
    const [ph = '', ...pb] = plain.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    partHeaders = ph.replace(/\r?\n[ \t]+/g, ' ');
    body = pb.join('\r\n\r\n');
  }
  const encoding = header('Content-Transfer-Encoding', partHeaders).toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return { subject: decodeWords(header('Subject')), text: text.replace(/\r\n/g, '\n').trimEnd() };
}

const address = (arg: string) => /<([^>]*)>/.exec(arg)?.[1] ?? arg.trim();

export async function startSmtpStandin(
  opts: { port?: number; credentials?: { user: string; pass: string } } = {},
): Promise<SmtpStandin> {
  const messages: ReceivedMail[] = [];
  const waiters: Array<{ seen: number; resolve: (m: ReceivedMail) => void }> = [];
  const creds = opts.credentials;

  const accept = (mail: ReceivedMail) => {
    messages.push(mail);
    for (const w of waiters.splice(0)) {
      const m = messages[w.seen];
      if (m) w.resolve(m);
      else waiters.push(w);
    }
  };

  function reply(socket: Socket<Session>, line: string) {
    socket.write(`${line}\r\n`);
  }

  function onLine(socket: Socket<Session>, line: string) {
    const s = socket.data;
    if (s.data !== null) {
      if (line !== '.') {
        s.data.push(line.startsWith('.') ? line.slice(1) : line);
        return;
      }
      const raw = s.data.join('\r\n');
      s.data = null;
      accept({ from: s.from ?? '', to: s.to, raw, ...parseMail(raw) });
      s.from = null;
      s.to = [];
      reply(socket, `250 2.0.0 Ok: queued as ${messages.length}`);
      return;
    }
    if (s.login) {
      const value = Buffer.from(line, 'base64').toString('utf8');
      if (s.login.step === 'user') {
        s.login = { step: 'pass', user: value };
        reply(socket, `334 ${Buffer.from('Password:').toString('base64')}`);
      } else {
        const ok = creds !== undefined && s.login.user === creds.user && value === creds.pass;
        s.login = null;
        s.authed = ok;
        reply(
          socket,
          ok ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid',
        );
      }
      return;
    }
    const [verb = '', ...args] = line.split(' ');
    const arg = args.join(' ');
    switch (verb.toUpperCase()) {
      case 'EHLO':
        s.greeted = true;
        socket.write(
          `250-smtp.standin\r\n${creds ? '250-AUTH PLAIN LOGIN\r\n' : ''}250-8BITMIME\r\n250 SMTPUTF8\r\n`,
        );
        return;
      case 'HELO':
        s.greeted = true;
        return reply(socket, '250 smtp.standin');
      case 'AUTH': {
        if (!creds) return reply(socket, '503 5.5.1 AUTH not offered');
        const [mech = '', initial] = args;
        if (mech.toUpperCase() === 'PLAIN') {
          const [, user, pass] = Buffer.from(initial ?? '', 'base64')
            .toString('utf8')
            .split('\0');
          s.authed = user === creds.user && pass === creds.pass;
          return reply(
            socket,
            s.authed ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid',
          );
        }
        if (mech.toUpperCase() === 'LOGIN') {
          s.login = { step: 'user' };
          return reply(socket, `334 ${Buffer.from('Username:').toString('base64')}`);
        }
        return reply(socket, '504 5.5.4 Unrecognized authentication type');
      }
      case 'MAIL':
        if (!s.greeted) return reply(socket, '503 5.5.1 Send EHLO first');
        if (creds && !s.authed) return reply(socket, '530 5.7.0 Authentication required');
        s.from = address(arg.replace(/^FROM:/i, '').split(' ')[0] ?? '');
        s.to = [];
        return reply(socket, '250 2.1.0 Ok');
      case 'RCPT':
        if (s.from === null) return reply(socket, '503 5.5.1 Need MAIL first');
        s.to.push(address(arg.replace(/^TO:/i, '')));
        return reply(socket, '250 2.1.5 Ok');
      case 'DATA':
        if (s.to.length === 0) return reply(socket, '503 5.5.1 Need RCPT first');
        s.data = [];
        return reply(socket, '354 End data with <CR><LF>.<CR><LF>');
      case 'RSET':
        s.from = null;
        s.to = [];
        return reply(socket, '250 2.0.0 Ok');
      case 'NOOP':
        return reply(socket, '250 2.0.0 Ok');
      case 'QUIT':
        reply(socket, '221 2.0.0 Bye');
        socket.end();
        return;
      default:
        return reply(socket, '502 5.5.2 Command not recognized');
    }
  }

  const server = Bun.listen<Session>({
    hostname: '127.0.0.1',
    port: opts.port ?? 0,
    socket: {
      open(socket) {
        socket.data = {
          buffer: '',
          greeted: false,
          authed: false,
          from: null,
          to: [],
          data: null,
          login: null,
        };
        reply(socket, '220 smtp.standin ESMTP');
      },
      data(socket, chunk) {
        const s = socket.data;
        s.buffer += chunk.toString('utf8');
        let at = s.buffer.indexOf('\r\n');
        while (at >= 0) {
          const line = s.buffer.slice(0, at);
          s.buffer = s.buffer.slice(at + 2);
          onLine(socket, line);
          at = s.buffer.indexOf('\r\n');
        }
      },
    },
  });

  const auth = creds ? `${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.pass)}@` : '';
  return {
    url: `smtp://${auth}127.0.0.1:${server.port}`,
    messages,
    next(seen = messages.length) {
      const m = messages[seen];
      if (m) return Promise.resolve(m);
      return new Promise((resolve) => waiters.push({ seen, resolve }));
    },
    async stop() {
      server.stop(true);
    },
  };
}
