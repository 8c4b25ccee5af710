import type { Logger } from '../../src/core/logger';
import { createLogger } from '../../src/core/logger';

export interface CapturedLog {
  logger: Logger;
  /** Every line logged so far, parsed. */
  lines: Array<Record<string, any>>;
  /** Lines whose requestId is this one. */
  forRequest(requestId: string): Array<Record<string, any>>;
}

/**
 * A logger configured like the server's own (same redaction), writing JSON lines into memory
 * so that tests can read what operators would see.
 */
export function captureLog(level = 'debug'): CapturedLog {
  const lines: Array<Record<string, any>> = [];
  const stream = { write: (line: string) => void lines.push(JSON.parse(line)) };
  const logger = createLogger(level, stream);
  return {
    logger,
    lines,
    forRequest: (requestId) => lines.filter((l) => l.requestId === requestId),
  };
}
