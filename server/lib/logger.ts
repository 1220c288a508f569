import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Redaction is a second guard: code must not log secrets in the
 * first place, but a stray header or body field named like one is masked anyway.
 */
export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'cookie',
          '*.cookie',
          'headers.authorization',
          'headers.cookie',
          'secret',
          '*.secret',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
