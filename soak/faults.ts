import type { DisposableMariaDb } from './database';

export type FaultKind = 'db-stop' | 'db-kill' | 'server-sigterm';

export interface FaultRecord {
  kind: FaultKind;
  /** Seconds since the load started. */
  at: number;
  /** Seconds the database or the server was down. */
  downSeconds: number;
  /** Seconds from the restart until every server answered /readyz 200 again; null: never. */
  recoveredAfter: number | null;
  /** server-sigterm: the drained process's exit code (0 when it shut down cleanly). */
  exitCode?: number | null;
}

export interface FaultTargets {
  db: DisposableMariaDb;
  /** Ports of the servers that should be ready. */
  readyPorts: () => number[];
  /** SIGTERMs a server (it drains) and starts it again: its exit code; false when none. */
  restartServer: () => Promise<number | null | false>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ready(port: number): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
    return r.status === 200;
  } catch {
    return false;
  }
}

async function waitReady(ports: () => number[], limitMs = 60_000): Promise<number | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < limitMs) {
    const states = await Promise.all(ports().map(ready));
    if (states.every(Boolean)) return (Date.now() - t0) / 1000;
    await sleep(100);
  }
  return null;
}

/**
 * Injects faults in turn (database stopped, database killed, a server restarted) every
 * `everySeconds` until `deadline`, waiting for recovery after each; the last one ends early
 * enough for the load to run on a healthy system afterwards.
 */
export async function injectFaults(
  targets: FaultTargets,
  startedAt: number,
  deadline: number,
  everySeconds: number,
  outageSeconds: number,
  log: (message: string) => void,
): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  if (everySeconds <= 0) return records;
  const cycle: FaultKind[] = ['db-stop', 'db-kill', 'server-sigterm', 'db-kill'];
  for (let i = 0; ; i++) {
    const at = startedAt + (i + 1) * everySeconds * 1000;
    // Leave a healthy tail of at least one interval (and 15 s) to show full recovery.
    if (at + Math.max(everySeconds, 15) * 1000 > deadline) break;
    await sleep(at - Date.now());
    const kind = cycle[i % cycle.length];
    const t0 = Date.now();
    let restartedAt: number;
    let exitCode: number | null | undefined;
    if (kind === 'server-sigterm') {
      const code = await targets.restartServer();
      if (code === false) continue;
      exitCode = code;
      restartedAt = Date.now();
    } else {
      if (kind === 'db-stop') await targets.db.stop();
      else await targets.db.kill();
      await sleep(outageSeconds * 1000);
      restartedAt = Date.now();
      await targets.db.start();
    }
    const down = (Date.now() - t0) / 1000;
    const recoveredAfter = await waitReady(targets.readyPorts);
    const record: FaultRecord = {
      kind,
      ...(exitCode === undefined ? {} : { exitCode }),
      at: Math.round((t0 - startedAt) / 100) / 10,
      downSeconds: Math.round(down * 10) / 10,
      recoveredAfter:
        recoveredAfter === null ? null : Math.round(((Date.now() - restartedAt) / 1000) * 10) / 10,
    };
    records.push(record);
    log(
      `fault ${kind} at ${record.at} s: down ${record.downSeconds} s, ready again ${record.recoveredAfter ?? 'NEVER'} s after restart`,
    );
  }
  return records;
}
