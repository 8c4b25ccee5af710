import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onMysql, testDatabaseConfig } from '../support/database';
import { TEST_JWT_SECRET } from '../support/test-server';

const ROOT = resolve(__dirname, '../..');

/** Newest modification time of the files the build reads. */
function newestSource(path: string): number {
  if (statSync(path).isFile()) return statSync(path).mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestSource(join(path, entry))));
}

/**
 * The server as operators run it: `npm run build`, then `node dist/src/main.js`. The build is
 * skipped when dist/ is newer than every source (the second suite run in CI, reruns).
 */
function build(): void {
  const main = join(ROOT, 'dist/src/main.js');
  const sources = ['src', 'ormconfig.ts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
  if (
    existsSync(main) &&
    statSync(main).mtimeMs > Math.max(...sources.map((s) => newestSource(join(ROOT, s))))
  ) {
    return;
  }
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
}

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startMain(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = /running at http:\/\/localhost:(\d+)\//.exec(output);
    if (match) return { child, port: Number(match[1]), output: () => output, exited };
    if (child.exitCode !== null) throw new Error(`the server exited while starting:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether a new TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('graceful shutdown of the real server process (node dist/src/main.js)', () => {
  let dir: string;
  let server: Started | undefined;

  beforeAll(() => {
    build();
    dir = mkdtempSync(join(tmpdir(), 'hrd-shutdown-'));
  }, 120_000);
  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('SIGTERM: the request in flight completes, new connections are refused, the process exits 0', async () => {
    const database = await testDatabaseConfig();
    server = await startMain({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT_POINTS_PER_MINUTE: '0',
      ...(onMysql && database.type !== 'sqlite'
        ? { DATABASE_URL: database.url.replace(/^mysql:/, `${database.type}:`) }
        : { SQLITE_FILE: join(dir, 'shutdown.sqlite') }),
    });
    const { port } = server;

    // A request the server has begun to receive: headers and half of the body are sent.
    const body = JSON.stringify({ query: '{ cspRegions { code } }' });
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    let response = '';
    socket.on('data', (chunk) => (response += chunk));
    const ended = new Promise<void>((r) => socket.once('close', () => r()));
    const half = Math.floor(body.length / 2);
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
    );
    await new Promise((r) => setTimeout(r, 200));

    server.child.kill('SIGTERM');
    const deadline = Date.now() + 5000;
    while (await accepts(port)) {
      if (Date.now() > deadline) throw new Error('the server still accepts connections');
      await new Promise((r) => setTimeout(r, 25));
    }
    // Still draining: the process waits for the request in flight.
    expect(server.child.exitCode).toBeNull();

    socket.write(body.slice(half));
    await ended;
    expect(response).toMatch(/^HTTP\/1\.1 200 OK/);
    const json = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
    expect(json.data.cspRegions.length).toBeGreaterThan(0);

    const started = Date.now();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.output()).toMatch(/shutting down: draining in-flight requests/);
  }, 60_000);
});
