import { DEFAULT_NODE_FLAGS } from '../bench/processes';

export interface SoakOptions {
  durationSeconds: number;
  /** Concurrent clients; each owns the subscriptions it creates, so versions never race. */
  clients: number;
  /** Server processes behind a round-robin client (they share Redis when it answers). */
  servers: number;
  /** Disposable MariaDB port and data folder (never the shared 3306). */
  dbPort: number;
  dbDir: string;
  portBase: number;
  /** Seconds between faults; 0 injects none. */
  faultEverySeconds: number;
  /** How long a stopped or killed database stays down. */
  outageSeconds: number;
  redisUrl: string;
  outDir: string;
  nodeFlags: string[];
  /** Damage the database before verifying: the verdict must then be FAIL (see tamper.ts). */
  tamper: boolean;
}

export const HELP = `npm run soak -- [options]

Starts a disposable MariaDB, migrates and seeds the demo channel, starts the server
(NODE_ENV=production) and drives a mixed workload of reads and writes for a while, injecting
faults: the database stopped, killed (a crash) and restarted, a server process sent SIGTERM and
restarted. Then it checks with SQL that every acknowledged change is in the database exactly
once and nothing is half-written, and writes soak/results/latest.md and latest.json.
Exits 1 when the verdict fails.

  --duration S         seconds of load (default 180; RSS is judged from 120 s on)
  --clients N          concurrent clients (default 8)
  --servers N          server processes, 1 or 2 (default 2; they share Redis if it answers)
  --fault-every S      seconds between faults, 0 for none (default 25)
  --outage S           seconds a stopped/killed database stays down (default 4)
  --db-port N          port of the disposable MariaDB (default 3421)
  --db-dir DIR         its data folder (default /tmp/soak-mariadb-<db-port>)
  --port-base N        first server port (default 4720)
  --redis URL          Redis for the shared rate limit (default redis://127.0.0.1:6379)
  --out DIR            results folder (default soak/results)
  --node-flags "..."   Node flags of the servers (default "${DEFAULT_NODE_FLAGS.join(' ')}", as
                       the bench: see "Running in production" in the README)
  --tamper             the verifier's self-test: damage the database before verifying
                       (a lost audit record, a duplicate order, a drifted row); must FAIL
  --help               this text
`;

export function parseOptions(argv: string[]): SoakOptions | 'help' {
  const o: SoakOptions = {
    durationSeconds: 180,
    clients: 8,
    servers: 2,
    dbPort: 3421,
    dbDir: '',
    portBase: 4720,
    faultEverySeconds: 25,
    outageSeconds: 4,
    redisUrl: 'redis://127.0.0.1:6379',
    outDir: 'soak/results',
    nodeFlags: [...DEFAULT_NODE_FLAGS],
    tamper: false,
  };
  const num = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number (got ${value})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = () => argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--duration':
        o.durationSeconds = Math.max(5, num(flag, next()));
        break;
      case '--clients':
        o.clients = Math.max(1, Math.floor(num(flag, next())));
        break;
      case '--servers':
        o.servers = Math.min(2, Math.max(1, Math.floor(num(flag, next()))));
        break;
      case '--fault-every':
        o.faultEverySeconds = num(flag, next());
        break;
      case '--outage':
        o.outageSeconds = num(flag, next());
        break;
      case '--db-port':
        o.dbPort = num(flag, next());
        break;
      case '--db-dir':
        o.dbDir = next();
        break;
      case '--port-base':
        o.portBase = num(flag, next());
        break;
      case '--redis':
        o.redisUrl = next();
        break;
      case '--out':
        o.outDir = next();
        break;
      case '--node-flags':
        o.nodeFlags = next().split(' ').filter(Boolean);
        break;
      case '--tamper':
        o.tamper = true;
        break;
      default:
        throw new Error(`unknown option ${flag} (see --help)`);
    }
  }
  if (o.dbPort === 3306) throw new Error('--db-port 3306 is the shared MariaDB: pick another');
  o.dbDir ||= `/tmp/soak-mariadb-${o.dbPort}`;
  return o;
}
