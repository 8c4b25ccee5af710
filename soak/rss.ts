import { rssMb } from '../bench/processes';

export interface RssSample {
  /** Seconds since the load started. */
  t: number;
  mb: number;
}

/** VmRSS of one process every second; a process that is gone (restarting) is skipped. */
export function sampleRssEverySecond(pid: () => number | undefined, startedAt: number) {
  const samples: RssSample[] = [];
  const take = () => {
    const p = pid();
    if (p === undefined) return;
    try {
      samples.push({ t: Math.round((Date.now() - startedAt) / 1000), mb: rssMb(p) });
    } catch {
      /* restarting */
    }
  };
  take();
  const timer = setInterval(take, 1000);
  return { samples, stop: () => clearInterval(timer) };
}

export interface RssSummary {
  firstMinuteMb: number;
  lastMinuteMb: number;
  peakMb: number;
  /** Least-squares slope after the warm-up, MB per minute. */
  slopeMbPerMinute: number;
  /** The same over the second half of the run: a leak keeps climbing, warm-up does not. */
  secondHalfSlopeMbPerMinute: number;
  growthMb: number;
  /** Null when the run was too short to tell warm-up from growth (under 2 minutes). */
  flat: boolean | null;
  rule: string;
}

/** Shorter runs are mostly V8's warm-up: their RSS is reported, not judged. */
const MIN_JUDGED_SECONDS = 120;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Flat: the last minute's mean RSS at most max(16 MB, 10 %) above the first minute after a
 * 30 s warm-up (V8 grows its heap and code space at first). Runs shorter than 3 minutes compare
 * the first and last half after the warm-up.
 */
export function summarizeRss(samples: RssSample[], durationSeconds: number): RssSummary {
  const warm = samples.filter((s) => s.t >= Math.min(30, durationSeconds / 4));
  const span = warm.length ? warm[warm.length - 1].t - warm[0].t : 0;
  const window = Math.min(60, Math.max(1, span / 2));
  const first = warm.filter((s) => s.t < warm[0].t + window).map((s) => s.mb);
  const last = warm.filter((s) => s.t > warm[warm.length - 1].t - window).map((s) => s.mb);
  const n = warm.length;
  const firstMinuteMb = mean(first);
  const lastMinuteMb = mean(last);
  const growthMb = lastMinuteMb - firstMinuteMb;
  const allowed = Math.max(16, firstMinuteMb * 0.1);
  return {
    firstMinuteMb,
    lastMinuteMb,
    peakMb: Math.max(...samples.map((s) => s.mb)),
    slopeMbPerMinute: slope(warm),
    secondHalfSlopeMbPerMinute: slope(samples.filter((s) => s.t >= durationSeconds / 2)),
    growthMb,
    flat: durationSeconds < MIN_JUDGED_SECONDS ? null : n > 1 && growthMb <= allowed,
    rule: `last ${window.toFixed(0)} s mean <= first ${window.toFixed(0)} s mean (after warm-up) + ${allowed.toFixed(0)} MB`,
  };
}

/** Least-squares slope in MB per minute. */
function slope(samples: RssSample[]): number {
  const mt = mean(samples.map((s) => s.t));
  const mm = mean(samples.map((s) => s.mb));
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - mt) * (s.mb - mm);
    den += (s.t - mt) ** 2;
  }
  return den > 0 ? (num / den) * 60 : 0;
}
