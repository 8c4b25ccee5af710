import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * JSON lines on stdout. Tokens, passwords and invitation links never reach the log: the
 * redaction list names every place they could appear in what we log.
 */
export function createLogger(
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'csp-partner-graph' },
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.password',
        '*.token',
        '*.temporaryPassword',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
