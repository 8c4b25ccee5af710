import { DEFAULT_SIZE, type ChannelSize } from './generate';
import { DEFAULT_NODE_FLAGS } from './processes';

export interface BenchOptions {
  size: ChannelSize;
  /** MariaDB server (no database in the path) and the database the bench owns. */
  server: string;
  database: string;
  generate: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  connections: number;
  poolSize: number;
  portBase: number;
  queries?: string[];
  variants: Array<'graph' | 'A' | 'B' | 'C'>;
  scaling: boolean;
  outDir: string;
  nodeFlags: string[];
  /** Node majors that run the graph and B again for Q1 and Q2 (see node-versions.ts). */
  otherNodes: string[];
}

export const HELP = `npm run bench -- [options]

Generates a channel in MariaDB, starts the graph (NODE_ENV=production) and the controls
A (bare node:http, pre-rendered bytes), B (hand-written mysql2) and C (plain graphql-js +
dataloader + mysql2) as separate processes, checks that they answer the same JSON, then drives
each query against each variant with autocannon from this process, in interleaved rounds, and
writes bench/results/latest.md and latest.json.

Channel size
  --providers N        indirect providers (default ${DEFAULT_SIZE.providers})
  --resellers N        indirect resellers (default ${DEFAULT_SIZE.resellers})
  --customers N        customers (default ${DEFAULT_SIZE.customers})
  --subscriptions N    subscriptions (default ${DEFAULT_SIZE.subscriptions})
  --offers N           offers (default ${DEFAULT_SIZE.offers})
  --seed N             PRNG seed: the same size and seed give the same rows (default ${DEFAULT_SIZE.seed})
  --no-generate        reuse the channel already in the database

Load
  --duration S         seconds per measured run (default 4)
  --warmup S           seconds of warm-up per query and variant before the rounds (default 2)
  --rounds N           interleaved rounds; figures are the median over rounds (default 3)
  --connections N      concurrent connections of the load generator (default 8)
  --pool-size N        database pool of every server process (default 8)
  --queries LIST       e.g. Q1,Q2,Q2@10k (default: all, scaling included)
  --variants LIST      e.g. graph,B (default graph,A,B,C)
  --no-scaling         skip Q2@100 and Q2@10k

Where
  --server URL         MariaDB server (default mysql://root@127.0.0.1:3306/)
  --database NAME      database to (re)create (default bench)
  --port-base N        first port of the servers: five, and two per --other-node (default 4600)
  --out DIR            results folder (default bench/results)
  --node-flags "..."   Node flags of every server process (default "${DEFAULT_NODE_FLAGS.join(' ')}":
                       the heap cap a container deployment sets, with the young generation
                       every supported Node sizes alike; "" for V8's default)
  --other-node LIST    Node majors that also run the graph and B for Q1 and Q2, installed into
                       the cache by scripts/node-home (default 24; "" for none)
  --help               this text
`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const o: BenchOptions = {
    size: { ...DEFAULT_SIZE },
    server: 'mysql://root@127.0.0.1:3306/',
    database: 'bench',
    generate: true,
    durationSeconds: 4,
    warmupSeconds: 2,
    rounds: 3,
    connections: 8,
    poolSize: 8,
    portBase: 4600,
    variants: ['graph', 'A', 'B', 'C'],
    scaling: true,
    outDir: 'bench/results',
    nodeFlags: [...DEFAULT_NODE_FLAGS],
    otherNodes: ['24'],
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
      case '--providers':
      case '--resellers':
      case '--customers':
      case '--subscriptions':
      case '--offers':
      case '--seed':
        o.size[flag.slice(2) as keyof ChannelSize] = num(flag, next());
        break;
      case '--no-generate':
        o.generate = false;
        break;
      case '--duration':
        o.durationSeconds = num(flag, next());
        break;
      case '--warmup':
        o.warmupSeconds = num(flag, next());
        break;
      case '--rounds':
        o.rounds = Math.max(1, num(flag, next()));
        break;
      case '--connections':
        o.connections = Math.max(1, num(flag, next()));
        break;
      case '--pool-size':
        o.poolSize = Math.max(1, num(flag, next()));
        break;
      case '--queries':
        o.queries = next().split(',');
        break;
      case '--variants':
        o.variants = next().split(',') as BenchOptions['variants'];
        break;
      case '--no-scaling':
        o.scaling = false;
        break;
      case '--server':
        o.server = next();
        break;
      case '--database':
        o.database = next();
        break;
      case '--port-base':
        o.portBase = num(flag, next());
        break;
      case '--out':
        o.outDir = next();
        break;
      case '--node-flags':
        o.nodeFlags = next().split(' ').filter(Boolean);
        break;
      case '--other-node':
        o.otherNodes = next().split(',').filter(Boolean);
        if (o.otherNodes.some((m) => !/^\d+$/.test(m)))
          throw new Error(`--other-node needs Node majors such as 24,26`);
        break;
      default:
        throw new Error(`unknown option ${flag} (see --help)`);
    }
  }
  if (o.size.providers < 2 || o.size.resellers < 1 || o.size.customers < o.size.resellers) {
    throw new Error(
      'the channel needs 2+ providers, 1+ resellers and at least one customer per reseller',
    );
  }
  return o;
}
