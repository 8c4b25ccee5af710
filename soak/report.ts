import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { FaultRecord } from './faults';
import type { SoakOptions } from './options';
import type { RssSample, RssSummary } from './rss';
import type { Verification } from './verify';

export interface SoakResult {
  startedAt: string;
  options: Omit<SoakOptions, 'outDir'>;
  machine: string;
  redis: boolean;
  durationSeconds: number;
  requests: number;
  served: number;
  rps: number;
  errorsByCode: Record<string, number>;
  /** Per code: median, 99th percentile and slowest answer in ms. */
  latencyByCode: Record<string, { p50: number; p99: number; max: number }>;
  retries: number;
  abandonedWrites: number;
  /** Per 15 s: requests OK and failed, the long-lived server's mean RSS, faults begun. */
  timeline: Array<{ from: number; ok: number; failed: number; rssMb: number; faults: string[] }>;
  faults: FaultRecord[];
  verification: Verification;
  rss: RssSummary;
  rssSamples: RssSample[];
  /** Requests answered OK in the last 15 s of load: the system recovered from the last fault. */
  okAtEnd: number;
  failures: string[];
  verdict: 'PASS' | 'FAIL';
}

/** The checks the verdict is made of; each failure is a line of the report. */
export function verdictFailures(r: Omit<SoakResult, 'failures' | 'verdict'>): string[] {
  const f: string[] = [];
  const v = r.verification;
  for (const kind of ['orders', 'customers', 'changes'] as const)
    if (v[kind].acked !== v[kind].found)
      f.push(`${kind}: ${v[kind].acked} acknowledged, ${v[kind].found} found`);
  if (v.duplicates) f.push(`${v.duplicates} duplicates`);
  if (v.halfWritten) f.push(`${v.halfWritten} half-written changes`);
  if (v.finalStateMismatches)
    f.push(`${v.finalStateMismatches} subscriptions differ from their last acknowledged state`);
  if (r.rss.flat === false) f.push(`RSS grew ${r.rss.growthMb.toFixed(1)} MB (${r.rss.rule})`);
  for (const fault of r.faults) {
    if (fault.recoveredAfter === null) f.push(`no recovery after ${fault.kind} at ${fault.at} s`);
    if (fault.exitCode !== undefined && fault.exitCode !== 0)
      f.push(`the server SIGTERMed at ${fault.at} s exited with ${fault.exitCode}, not 0`);
  }
  // Fail fast: an outage is answered within the connect timeout (2 s), not after a hang.
  const slowest = r.latencyByCode.SERVICE_UNAVAILABLE?.max ?? 0;
  if (slowest > 5000) f.push(`a SERVICE_UNAVAILABLE answer took ${slowest} ms (fail fast: < 5 s)`);
  if (!r.okAtEnd) f.push('nothing served in the last 15 s');
  if (!v.orders.acked || !v.changes.acked) f.push('the workload acknowledged no orders or changes');
  const unexpected = Object.entries(r.errorsByCode).filter(([code]) => !EXPECTED_CODES.has(code));
  if (unexpected.length)
    f.push(`unexpected answers: ${JSON.stringify(Object.fromEntries(unexpected))}`);
  return f;
}

/**
 * Codes a client may see in this soak: the fail-fast answer during outages, a refused port
 * while the single server restarts, and rule refusals of the workload itself (a suspended
 * subscription's quantity, a CONFLICT after a lost answer). Anything else (INTERNAL_SERVER_ERROR,
 * a reset connection while a server drains, a timeout) fails the verdict.
 */
const EXPECTED_CODES = new Set([
  'OK',
  'SERVICE_UNAVAILABLE',
  'HTTP_503',
  'ECONNREFUSED',
  'CONFLICT',
]);

const mb = (x: number) => `${x.toFixed(1)} MB`;

export function renderMarkdown(r: SoakResult): string {
  const v = r.verification;
  const lines = [
    `# Soak run ${r.startedAt}: ${r.verdict}`,
    '',
    `\`npm run soak -- --duration ${r.options.durationSeconds} --clients ${r.options.clients} --servers ${r.options.servers} --fault-every ${r.options.faultEverySeconds} --outage ${r.options.outageSeconds}\``,
    `on ${r.machine}; servers NODE_ENV=production, ${r.options.nodeFlags.join(' ') || 'no node flags'}, disposable MariaDB on port ${r.options.dbPort}; Redis ${r.redis ? 'shared by the servers' : 'not answering (per-process rate limits)'}.`,
    '',
    '## Traffic',
    '',
    `| duration | requests | served (OK) | req/s | retries | writes abandoned |`,
    `| -------- | -------- | ----------- | ----- | ------- | ---------------- |`,
    `| ${r.durationSeconds.toFixed(0)} s | ${r.requests} | ${r.served} | ${r.rps.toFixed(1)} | ${r.retries} | ${r.abandonedWrites} |`,
    '',
    'Answers by code: ' +
      Object.entries(r.errorsByCode)
        .sort((a, b) => b[1] - a[1])
        .map(([code, n]) => `${code} ${n}`)
        .join(', '),
    '',
    '| code | answers | p50 | p99 | slowest |',
    '| ---- | ------- | --- | --- | ------- |',
    ...Object.entries(r.latencyByCode).map(
      ([code, l]) =>
        `| ${code} | ${r.errorsByCode[code]} | ${l.p50} ms | ${l.p99} ms | ${l.max} ms |`,
    ),
    '',
    '## Faults',
    '',
    '| at | fault | down | ready again after restart |',
    '| -- | ----- | ---- | ------------------------- |',
    ...r.faults.map(
      (f) =>
        `| ${f.at} s | ${f.kind}${f.exitCode === undefined ? '' : ` (exit ${f.exitCode})`} | ${f.downSeconds} s | ${f.recoveredAfter === null ? 'NEVER' : `${f.recoveredAfter} s`} |`,
    ),
    '',
    '## Acknowledged vs found (SQL after the run)',
    '',
    '| write | acknowledged | found | committed without ack |',
    '| ----- | ------------ | ----- | --------------------- |',
    `| placeOrder (per idempotency key, with its subscriptions) | ${v.orders.acked} | ${v.orders.found} | ${v.committedWithoutAck.orders} |`,
    `| addCustomer (per tenant, with its relationship) | ${v.customers.acked} | ${v.customers.found} | ${v.committedWithoutAck.customers} |`,
    `| quantity / suspend / reactivate (audit record per request ID and version) | ${v.changes.acked} | ${v.changes.found} | ${v.committedWithoutAck.changes} |`,
    '',
    ...(v.unackedCommits.length
      ? [
          'Committed although the answer was an error (each client then retried with the same version, got CONFLICT and re-read the row, which showed its change):',
          '',
          ...v.unackedCommits.map((c) => {
            const fault = [...r.faults]
              .reverse()
              .find((f) => c.at !== undefined && f.at <= c.at + (c.ms ?? 0) / 1000);
            return `- ${c.operation} ${c.requestId}: sent at ${c.at ?? '?'} s, answered ${c.code ?? '?'} after ${c.ms ?? '?'} ms${fault ? ` (fault ${fault.kind} at ${fault.at} s)` : ''}`;
          }),
          '',
        ]
      : []),
    `Duplicates: ${v.duplicates}. Half-written: ${v.halfWritten}. Subscriptions not in their last acknowledged state: ${v.finalStateMismatches}.`,
    ...(v.problems.length ? ['', ...v.problems.map((p) => `- ${p}`)] : []),
    '',
    '## RSS of the long-lived server',
    '',
    `First minute after warm-up ${mb(r.rss.firstMinuteMb)}, last minute ${mb(r.rss.lastMinuteMb)} (growth ${mb(r.rss.growthMb)}), slope ${r.rss.slopeMbPerMinute.toFixed(2)} MB/min after warm-up and ${r.rss.secondHalfSlopeMbPerMinute.toFixed(2)} MB/min over the second half, peak ${mb(r.rss.peakMb)}. Rule: ${r.rss.rule}: ${r.rss.flat === null ? 'not judged (a run under 2 minutes is mostly warm-up)' : r.rss.flat ? 'flat' : 'GROWING'}.`,
    '',
    '| from | OK | failed | RSS | faults |',
    '| ---- | -- | ------ | --- | ------ |',
    ...r.timeline.map(
      (b) => `| ${b.from} s | ${b.ok} | ${b.failed} | ${mb(b.rssMb)} | ${b.faults.join(', ')} |`,
    ),
    '',
    `## Verdict: ${r.verdict}`,
    '',
    ...(r.failures.length ? r.failures.map((f) => `- ${f}`) : ['Every check passed.']),
    '',
  ];
  return lines.join('\n');
}

export function writeResult(outDir: string, r: SoakResult): string[] {
  mkdirSync(outDir, { recursive: true });
  const md = join(outDir, 'latest.md');
  const json = join(outDir, 'latest.json');
  writeFileSync(md, renderMarkdown(r));
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  return [md, json];
}

export function machineDescription(): string {
  const c = cpus();
  return `${c.length} x ${c[0]?.model ?? 'cpu'}, Node ${process.version}`;
}
