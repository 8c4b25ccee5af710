import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

export interface ServerProcess {
  name: string;
  port: number;
  child: ChildProcess;
  log: string[];
}

/**
 * The heap cap alone is not enough: Node 24 sizes the young generation from the machine, not
 * from the cap (64 MB semi-spaces against Node 20's 16), which leaves the old generation so
 * little room that V8 runs almost only full collections. Pinning the semi-space gives every
 * supported Node the same 208 MB heap limit (README, "Running in production").
 */
export const DEFAULT_NODE_FLAGS = ['--max-old-space-size=160', '--max-semi-space-size=16'];

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** User + system CPU time of a process so far, in milliseconds (from /proc/<pid>/stat). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Resident set size now, in MB (VmRSS). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

/** Samples RSS every `everyMs` until stopped; returns the peak. */
export function sampleRss(pid: number, everyMs = 50) {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      /* process gone: the run will fail loudly elsewhere */
    }
  }, everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssMb(pid));
  };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a server process and waits until its port accepts connections. `nodeBinary` is
 * another Node release's binary (bench/node-versions.ts); by default the runner's own.
 */
export async function startProcess(
  name: string,
  script: string,
  port: number,
  env: Record<string, string>,
  nodeFlags: string[],
  nodeBinary = process.execPath,
): Promise<ServerProcess> {
  if (await portOpen(port)) throw new Error(`port ${port} is taken: pick another --port-base`);
  const child = spawn(nodeBinary, [...nodeFlags, script], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const started = Date.now();
  while (!(await portOpen(port))) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited with ${child.exitCode} on start:\n${log.join('')}`);
    }
    if (Date.now() - started > 30_000) throw new Error(`${name} did not listen within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, port, child, log };
}

/** SIGTERM, then SIGKILL after a grace period; only ever the processes this run started. */
export async function stopProcess(p: ServerProcess, graceMs = 5000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
