import { randomUUID } from 'node:crypto';

/** How one request ended, as the soak counts it. */
export interface Outcome {
  requestId: string;
  /** `OK`, a userError or top-level error code, `HTTP_<status>`, or a network error code. */
  code: string;
  /** The mutation payload (or query data) when the request was answered. */
  data?: any;
  /** Seconds since the load started when it was sent, and how long it took. */
  at: number;
  ms: number;
}

/** Codes that say "try again": the server's fail-fast answer and a server that is restarting. */
export const RETRYABLE = new Set([
  'SERVICE_UNAVAILABLE',
  'ECONNREFUSED',
  'ECONNRESET',
  'UND_ERR_SOCKET',
  'TIMEOUT',
  'HTTP_502',
  'HTTP_503',
]);

/**
 * Every request of the run goes through here: round-robin over the servers, a request ID of
 * ours (the server keeps it in its audit records, which the verifier reads), counted by code.
 */
export class SoakClient {
  private next = 0;
  readonly counts = new Map<string, number>();
  /** Milliseconds of every answer, by code: outages must be answered fast, not hang. */
  readonly latencies = new Map<string, number[]>();
  served = 0;
  /** Requests a server answered at all (any HTTP status): the throughput figure. */
  answered = 0;
  /** Per-second buckets of [answered OK, failed], for the timeline. */
  readonly timeline: Array<[number, number]> = [];

  constructor(
    private readonly ports: () => number[],
    private readonly startedAt: number,
  ) {}

  async send(
    token: string | undefined,
    query: string,
    variables: Record<string, unknown>,
    field?: string,
  ): Promise<Outcome> {
    const ports = this.ports();
    const port = ports[this.next++ % ports.length];
    const requestId = `soak-${randomUUID()}`;
    const t0 = Date.now();
    const at = Math.round((t0 - this.startedAt) / 100) / 10;
    let code: string;
    let data: any;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-id': requestId,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      this.answered++;
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const errorCode = json?.errors?.[0]?.extensions?.code;
      const payload = field ? json?.data?.[field] : json?.data;
      if (errorCode) code = String(errorCode);
      else if (!json || !payload) code = `HTTP_${response.status}`;
      else if (payload.userErrors?.length) code = String(payload.userErrors[0].code);
      else {
        code = 'OK';
        data = payload;
      }
      if (code !== 'OK' && payload?.userErrors) data = payload;
    } catch (error) {
      code = networkCode(error);
    }
    const ms = Date.now() - t0;
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    const list = this.latencies.get(code) ?? [];
    list.push(ms);
    this.latencies.set(code, list);
    if (code === 'OK') this.served++;
    const second = Math.floor((Date.now() - this.startedAt) / 1000);
    while (this.timeline.length <= second) this.timeline.push([0, 0]);
    this.timeline[second][code === 'OK' ? 0 : 1]++;
    return { requestId, code, data, at, ms };
  }
}

function networkCode(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'TIMEOUT';
  return e.cause?.code ?? e.code ?? 'NETWORK_ERROR';
}
