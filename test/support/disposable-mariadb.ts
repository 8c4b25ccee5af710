import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The server and installer binaries, or why fault tests cannot run here. */
export function mariadbBinaries(): { mariadbd: string; installDb: string } | string {
  const mariadbd =
    which('mariadbd') ?? (existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : undefined);
  const installDb = which('mariadb-install-db');
  if (!mariadbd || !installDb) {
    return 'mariadbd and mariadb-install-db are not installed (Debian package mariadb-server)';
  }
  return { mariadbd, installDb };
}

/** The first port of the range nothing listens on. */
export async function freePort(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

/**
 * A throwaway MariaDB server of the test's own (never the shared one on 3306), so that fault
 * tests can kill and restart it. The data directory survives kill() for a restart, as a real
 * server's disk would; destroy() removes it. Mirrors shared/tools/disposable-mariadb.
 */
export class DisposableMariaDb {
  private child?: ChildProcess;
  private readonly binaries: { mariadbd: string; installDb: string };

  constructor(
    readonly port: number,
    readonly dir: string,
  ) {
    const binaries = mariadbBinaries();
    if (typeof binaries === 'string') throw new Error(binaries);
    this.binaries = binaries;
  }

  /** The app's DATABASE_URL for the `test` database of this server. */
  get url(): string {
    return `mariadb://root@127.0.0.1:${this.port}/test`;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  async start(): Promise<void> {
    const data = join(this.dir, 'data');
    if (!existsSync(join(data, 'mysql'))) {
      mkdirSync(this.dir, { recursive: true });
      const installed = spawnSync(
        this.binaries.installDb,
        [
          '--no-defaults',
          `--datadir=${data}`,
          `--user=${process.env.USER ?? 'root'}`,
          '--auth-root-authentication-method=normal',
          '--skip-test-db',
        ],
        { encoding: 'utf8' },
      );
      if (installed.status !== 0) throw new Error(`mariadb-install-db failed: ${installed.stderr}`);
    }
    this.child = spawn(
      this.binaries.mariadbd,
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.dir, 'mysqld.sock')}`,
        `--pid-file=${join(this.dir, 'mysqld.pid')}`,
        `--user=${process.env.USER ?? 'root'}`,
        '--skip-log-bin',
        '--innodb-buffer-pool-size=64M',
      ],
      { stdio: 'ignore' },
    );
    const child = this.child;
    process.once('exit', () => child.kill('SIGKILL'));
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const connection = await createConnection({
          host: '127.0.0.1',
          port: this.port,
          user: 'root',
          connectTimeout: 1000,
        });
        await connection.query('CREATE DATABASE IF NOT EXISTS test');
        await connection.end();
        return;
      } catch (error) {
        if (!this.running) throw new Error(`mariadbd on port ${this.port} exited while starting`);
        if (Date.now() > deadline) throw error;
        await sleep(100);
      }
    }
  }

  /** kill -9: a crash. Whatever was not committed is lost; the rest must survive. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** A clean shutdown. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}
