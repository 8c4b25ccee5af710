import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Channel } from './generate';
import { baseVariant, OTHER_NODE_VARIANTS, onNode, type OtherNode } from './node-versions';
import type { BenchOptions } from './options';

/** One record of latest.json: a query under one variant, medians over the rounds. */
export interface Measurement {
  query: string;
  /** `graph`, `A`, `B`, `C`, or `graph@node24`-style for another Node release. */
  variant: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** Counted by the server itself (`x-sql-statements`). */
  sql_per_request: number | null;
  /** MariaDB's `Questions` delta per request, smallest of three windows. */
  questions_per_request: number | null;
  cpu_ms_per_request: number;
  peak_rss_mb: number;
  nodes: number;
  /** Requests per second of each round, to show the spread. */
  rounds: number[];
}

export interface RunRecord {
  query: string;
  variant: string;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const GOALS: Record<string, { B: number; C?: number }> = {
  Q1: { B: 0.5 },
  Q2: { B: 0.5, C: 0.9 },
  Q3: { B: 0.6 },
  Q4: { B: 0.5 },
};
const RSS_LIMIT_MB = 250;
/**
 * Q2 resolves the caller (R-30: one primary-key lookup of the stored user and organization),
 * then reads three lists (resellers, customers, subscriptions with their offers joined in).
 */
const Q2_STATEMENTS = 4;

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits);

function git(command: string): string {
  try {
    return execSync(`git ${command}`, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

function machine(otherNodes: OtherNode[]): string[] {
  const cpu = cpus();
  let mariadb = 'unknown';
  try {
    mariadb = execSync('mariadb --version', { encoding: 'utf8' }).trim();
  } catch {
    /* the client is optional */
  }
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores; memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `- Node ${process.version}${otherNodes.map((n) => ` (and ${n.version} for the \`@node${n.major}\` rows)`).join('')}; ${mariadb}`,
    `- load average at the end of the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (the machine is shared with other jobs)`,
  ];
}

export async function writeReport(
  o: BenchOptions,
  channel: Channel,
  ms: Measurement[],
  notes: string[],
  startedAt: Date,
  argv: string[],
  otherNodes: OtherNode[] = [],
): Promise<string[]> {
  const find = (query: string, variant: string) =>
    ms.find((m) => m.query === query && m.variant === variant);
  const ratio = (query: string, variant: string) => {
    const g = find(query, 'graph');
    const x = find(query, variant);
    return g && x ? g.rps / x.rps : undefined;
  };
  const cpuRatio = (query: string, variant: string) => {
    const g = find(query, 'graph');
    const x = find(query, variant);
    return g && x ? x.cpu_ms_per_request / g.cpu_ms_per_request : undefined;
  };
  const queries = [...new Set(ms.map((m) => m.query))];
  const lines: string[] = [];
  lines.push('# Benchmark results', '');
  lines.push(
    `Run ${startedAt.toISOString()} on commit \`${git('rev-parse --short HEAD')}\`${git('status --porcelain --untracked-files=no -- src bench') ? ' (with uncommitted changes)' : ''}.`,
    '',
  );
  lines.push('```', `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`, '```', '');
  lines.push('## Machine', '', ...machine(otherNodes), '');
  lines.push(
    '## Setup',
    '',
    `- Channel: ${channel.size.providers} providers, ${channel.size.resellers} resellers, ${channel.size.customers} customers, ${channel.size.subscriptions} subscriptions, ${channel.size.offers} offers (seed ${channel.size.seed}); caller: a GLOBAL_ADMIN of the largest provider.`,
    `- Servers: graph (\`node dist/src/main.js\`, NODE_ENV=production, logging off, RATE_LIMIT_POINTS_PER_MINUTE=0 and QUERY_MAX_COST=10,000,000 (the highest allowed) so that limits never throttle), A (bare node:http, the graph's bytes), B (hand-written mysql2), C (plain graphql-js + dataloader + mysql2); one process each, same Node flags (\`${o.nodeFlags.join(' ') || 'none'}\`), DB pool ${o.poolSize}.`,
    `- Load: autocannon in the runner's process, ${o.connections} connections; ${o.warmupSeconds} s warm-up per query and variant, then ${o.rounds} rounds of ${o.durationSeconds} s, variants interleaved and rotated each round; figures are medians over rounds (max for RSS).`,
    "- Every control answered the same JSON as the graph (`data`; `extensions` carries the graph's query cost) before it was measured (Q3: the expected payload).",
    "- `sql` is the server's own count per request (`x-sql-statements`; for the graph from a twin process with REPORT_SQL_COUNT=true, since the measured one runs as in production without the tally); `questions` is MariaDB's global `Questions` delta per request on the measured process, the smallest of up to seven windows of 10 sequential requests (other clients of the shared server can only add to a window, so a window equal to `sql` confirms it).",
    '- `cpu` is user+system CPU of the server process per request (/proc), `rss` the peak resident set sampled every 50 ms under load.',
    '',
  );
  lines.push('## Results', '');
  lines.push(
    '| query | variant | req/s | p50 ms | p99 ms | sql | questions | cpu ms/req | peak RSS MB | nodes | graph/variant (req/s) | variant/graph (cpu) | req/s per round |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const q of queries) {
    for (const v of ['graph', 'A', 'B', 'C'] as const) {
      const m = find(q, v);
      if (!m) continue;
      lines.push(
        `| ${q} | ${v} | ${fmt(m.rps)} | ${fmt(m.p50_ms, 1)} | ${fmt(m.p99_ms, 1)} | ${fmt(m.sql_per_request)} | ${fmt(m.questions_per_request, 2)} | ${fmt(m.cpu_ms_per_request, 2)} | ${fmt(m.peak_rss_mb)} | ${m.nodes} | ${v === 'graph' ? '' : fmt(ratio(q, v), 2)} | ${v === 'graph' ? '' : fmt(cpuRatio(q, v), 2)} | ${m.rounds.join(', ')} |`,
      );
    }
  }
  lines.push('');

  const others = otherNodeLines(ms, otherNodes, find);
  lines.push(...others);

  const scaling = ['Q2@100', 'Q2', 'Q2@10k'].filter((q) => find(q, 'graph'));
  if (scaling.length > 1) {
    lines.push('## Scaling (Q2)', '');
    lines.push(
      '| query | nodes | graph sql | graph cpu µs/node | graph p50 ms | B cpu µs/node | C cpu µs/node | graph/B (req/s) | graph/C (req/s) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const q of scaling) {
      const g = find(q, 'graph')!;
      const perNode = (m?: Measurement) =>
        m ? (m.cpu_ms_per_request * 1000) / m.nodes : undefined;
      lines.push(
        `| ${q} | ${g.nodes} | ${fmt(g.sql_per_request)} | ${fmt(perNode(g), 1)} | ${fmt(g.p50_ms, 1)} | ${fmt(perNode(find(q, 'B')), 1)} | ${fmt(perNode(find(q, 'C')), 1)} | ${fmt(ratio(q, 'B'), 2)} | ${fmt(ratio(q, 'C'), 2)} |`,
      );
    }
    lines.push('');
  }

  lines.push('## Goals', '');
  const goal = (ok: boolean | undefined) =>
    ok === undefined ? 'not measured' : ok ? 'holds' : 'does NOT hold';
  for (const [q, g] of Object.entries(GOALS)) {
    const rB = ratio(q, 'B');
    lines.push(
      `- ${q} graph/B >= ${g.B}: ${fmt(rB, 2)} -> ${goal(rB === undefined ? undefined : rB >= g.B)}`,
    );
    if (g.C) {
      const rC = ratio(q, 'C');
      lines.push(
        `- ${q} graph/C >= ${g.C}: ${fmt(rC, 2)} -> ${goal(rC === undefined ? undefined : rC >= g.C)}`,
      );
    }
  }
  const q2sql = scaling.map((q) => find(q, 'graph')!.sql_per_request);
  if (q2sql.length) {
    lines.push(
      `- Q2 the caller's lookup and one statement per list level (${Q2_STATEMENTS}: the caller, three lists, the offers joined into the last) at every size: ${q2sql.join(', ')} -> ${goal(q2sql.every((n) => n === Q2_STATEMENTS))}`,
    );
  }
  const rss = ms.filter((m) => baseVariant(m.variant) === 'graph').map((m) => m.peak_rss_mb);
  if (rss.length) {
    const peak = Math.max(...rss);
    lines.push(
      `- graph peak RSS under load < ${RSS_LIMIT_MB} MB: ${fmt(peak)} MB -> ${goal(peak < RSS_LIMIT_MB)}`,
    );
  }
  for (const note of notes) lines.push(`- ${note}`);
  lines.push('');

  mkdirSync(o.outDir, { recursive: true });
  const md = join(o.outDir, 'latest.md');
  const json = join(o.outDir, 'latest.json');
  writeFileSync(md, lines.join('\n'));
  writeFileSync(
    json,
    `${JSON.stringify(
      ms.map(({ rounds: _rounds, ...m }) => ({
        ...m,
        rps: Math.round(m.rps),
        cpu_ms_per_request: Number(m.cpu_ms_per_request.toFixed(3)),
        peak_rss_mb: Math.round(m.peak_rss_mb),
        questions_per_request:
          m.questions_per_request === null ? null : Number(m.questions_per_request.toFixed(2)),
      })),
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\n${lines.filter((l) => l.startsWith('|')).join('\n')}\n\n`);
  return [md, json];
}

/**
 * The graph and B under each other Node release, beside the runner's Node: the ratio graph/B
 * within one release and the CPU per request against the runner's Node show a regression of
 * one release (its garbage collector under the heap flags, above all) apart from the machine's
 * drift.
 */
function otherNodeLines(
  ms: Measurement[],
  otherNodes: OtherNode[],
  find: (query: string, variant: string) => Measurement | undefined,
): string[] {
  if (!otherNodes.length) return [];
  const queries = [...new Set(ms.filter((m) => m.variant.includes('@')).map((m) => m.query))];
  if (!queries.length) return [];
  const lines = [
    `## Node releases (${[process.version, ...otherNodes.map((n) => n.version)].join(', ')})`,
    '',
    "The graph and B started again with the other release's binary (same scripts, flags and node_modules), measured in the same rounds.",
    '',
    '| query | variant | node | req/s | p50 ms | p99 ms | questions | cpu ms/req | peak RSS MB | graph/B (req/s) | cpu vs this Node |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const releases = [{ suffix: '', version: process.version }].concat(
    otherNodes.map((n) => ({ suffix: onNode('', n.major), version: n.version })),
  );
  for (const q of queries) {
    for (const variant of OTHER_NODE_VARIANTS) {
      const here = find(q, variant);
      for (const r of releases) {
        const m = find(q, `${variant}${r.suffix}`);
        if (!m) continue;
        const g = find(q, `graph${r.suffix}`);
        const b = find(q, `B${r.suffix}`);
        const perGraph = variant === 'graph' && g && b ? g.rps / b.rps : undefined;
        const cpu = r.suffix && here ? m.cpu_ms_per_request / here.cpu_ms_per_request : undefined;
        lines.push(
          `| ${q} | ${m.variant} | ${r.version} | ${fmt(m.rps)} | ${fmt(m.p50_ms, 1)} | ${fmt(m.p99_ms, 1)} | ${fmt(m.questions_per_request, 2)} | ${fmt(m.cpu_ms_per_request, 2)} | ${fmt(m.peak_rss_mb)} | ${fmt(perGraph, 2)} | ${fmt(cpu, 2)} |`,
        );
      }
    }
  }
  lines.push('');
  return lines;
}
