import { resolve } from 'node:path';
import Redis from 'ioredis';
import { startProcess, stopProcess, type ServerProcess } from '../bench/processes';

const SERVER_SCRIPT = resolve(__dirname, '../src/main.js');

/** A server slot: the process in it changes when the fault injector restarts it. */
interface Slot {
  name: string;
  port: number;
  process: ServerProcess;
  /** Out of the client's rotation (a load balancer's health check) while it drains. */
  draining: boolean;
}

/** The server processes of the run, on consecutive ports, all with the same environment. */
export class ServerFleet {
  private readonly slots: Slot[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly nodeFlags: string[],
  ) {}

  async start(count: number, portBase: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const name = `server${i + 1}`;
      const port = portBase + i;
      const process = await startProcess(name, SERVER_SCRIPT, port, this.env, this.nodeFlags);
      this.slots.push({ name, port, process, draining: false });
    }
  }

  /** Every server's port (those that must answer /readyz). */
  ports(): number[] {
    return this.slots.map((s) => s.port);
  }

  /** The ports a load balancer would send requests to: not the one draining. */
  livePorts(): number[] {
    return this.slots.filter((s) => !s.draining).map((s) => s.port);
  }

  /** The first server is never restarted: its RSS is the one that must stay flat. */
  firstPid(): number | undefined {
    return this.slots[0]?.process.child.pid;
  }

  /**
   * Takes the last server out of rotation, SIGTERMs it (it drains) and starts it again.
   * Returns its exit code (0: clean shutdown), or false when it is the only one.
   */
  async restartLast(): Promise<number | null | false> {
    if (this.slots.length < 2) return false;
    const slot = this.slots[this.slots.length - 1];
    slot.draining = true;
    const exited = new Promise<number | null>((r) =>
      slot.process.child.once('exit', (code) => r(code)),
    );
    await stopProcess(slot.process, 15_000);
    const code = await exited;
    slot.process = await startProcess(
      slot.name,
      SERVER_SCRIPT,
      slot.port,
      this.env,
      this.nodeFlags,
    );
    slot.draining = false;
    return code;
  }

  async stopAll(): Promise<void> {
    for (const s of this.slots) await stopProcess(s.process).catch(() => undefined);
  }

  logTails(): string {
    return this.slots
      .map((s) => `--- ${s.name} log (tail)\n${s.process.log.join('').slice(-3000)}\n`)
      .join('');
  }
}

export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
