import autocannon from 'autocannon';

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  /** A fixed body, or one built per request (the mutation rotates subscriptions and versions). */
  body: string | (() => string);
  /** Checks a response body; a string return value counts as a failed request. */
  check?: (body: string) => string | undefined;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  firstFailure?: string;
}

/** One autocannon run from this process against a server in another. */
export function runLoad(
  target: LoadTarget,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  let failures = 0;
  let firstFailure: string | undefined;
  const dynamic = typeof target.body === 'function' ? target.body : undefined;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...target.headers },
        body: typeof target.body === 'string' ? target.body : undefined,
        connections,
        duration: seconds,
        // Only dynamic bodies get a setupRequest: autocannon rebuilds every request that has one.
        requests: [
          {
            ...(dynamic ? { setupRequest: (req: any) => ({ ...req, body: dynamic() }) } : {}),
            onResponse: target.check
              ? (status: number, body: string) => {
                  const problem = status !== 200 ? `HTTP ${status}: ${body}` : target.check!(body);
                  if (problem) {
                    failures++;
                    firstFailure ??= problem.slice(0, 300);
                  }
                }
              : undefined,
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const ok = result.requests.total - result.non2xx - result.errors;
        resolve({
          requests: result.requests.total,
          rps: ok / result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          failures: failures + result.non2xx + result.errors + result.timeouts,
          firstFailure,
        });
      },
    );
  });
}
