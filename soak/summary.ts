import type { SoakClient } from './client';
import type { FaultRecord } from './faults';
import type { SoakOptions } from './options';
import { machineDescription, verdictFailures, type SoakResult } from './report';
import { summarizeRss } from './rss';
import type { Ledger } from './workload';

/** Everything the run measured, in the report's shape, with its verdict. */
export function assemble(
  options: SoakOptions,
  startedAt: string,
  redis: boolean,
  durationSeconds: number,
  client: SoakClient,
  ledger: Ledger,
  faults: FaultRecord[],
  verification: SoakResult['verification'],
  samples: SoakResult['rssSamples'],
): SoakResult {
  const bucket = 15;
  const timeline: SoakResult['timeline'] = [];
  for (let from = 0; from < client.timeline.length; from += bucket) {
    const seconds = client.timeline.slice(from, from + bucket);
    const rssIn = samples.filter((s) => s.t >= from && s.t < from + bucket).map((s) => s.mb);
    timeline.push({
      from,
      ok: seconds.reduce((a, s) => a + s[0], 0),
      failed: seconds.reduce((a, s) => a + s[1], 0),
      rssMb: rssIn.reduce((a, b) => a + b, 0) / Math.max(1, rssIn.length),
      faults: faults.filter((f) => f.at >= from && f.at < from + bucket).map((f) => f.kind),
    });
  }
  const requests = [...client.counts.values()].reduce((a, b) => a + b, 0);
  const tail = client.timeline.slice(-bucket);
  const { outDir: _outDir, ...shown } = options;
  const partial = {
    startedAt,
    options: shown,
    machine: machineDescription(),
    redis,
    durationSeconds,
    requests,
    served: client.served,
    rps: requests / durationSeconds,
    errorsByCode: Object.fromEntries([...client.counts.entries()].sort()),
    latencyByCode: Object.fromEntries(
      [...client.latencies.entries()].sort().map(([code, ms]) => {
        const sorted = [...ms].sort((a, b) => a - b);
        const at = (q: number) =>
          sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        return [code, { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] }];
      }),
    ),
    retries: ledger.retries,
    abandonedWrites: ledger.abandoned,
    timeline,
    faults,
    verification,
    rss: summarizeRss(samples, durationSeconds),
    rssSamples: samples,
    okAtEnd: tail.reduce((a, s) => a + s[0], 0),
  };
  const failures = verdictFailures(partial);
  return { ...partial, failures, verdict: failures.length ? 'FAIL' : 'PASS' };
}
