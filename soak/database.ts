import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createConnection, type Connection } from 'mysql2/promise';
import { createDataSource } from '../src/entry/data-source';
import { seedDemoData } from '../src/entry/seed/seed';
import { migrateDatabase } from '../src/entry/migrate';

const run = promisify(execFile);
const TOOL = '/work/shared/tools/disposable-mariadb';
export const DATABASE = 'soak';

/** The disposable MariaDB the soak owns: started, stopped (clean) and killed (a crash). */
export class DisposableMariaDb {
  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  get serverUrl(): string {
    return `mysql://root@127.0.0.1:${this.port}/`;
  }

  get url(): string {
    return `mariadb://root@127.0.0.1:${this.port}/${DATABASE}`;
  }

  async start(): Promise<void> {
    await run(TOOL, ['start', String(this.port), this.dir], { timeout: 60_000 });
  }

  async stop(): Promise<void> {
    await run(TOOL, ['stop', this.dir], { timeout: 60_000 });
  }

  async kill(): Promise<void> {
    await run(TOOL, ['kill', this.dir], { timeout: 60_000 });
  }

  connect(database = DATABASE): Promise<Connection> {
    return createConnection({ host: '127.0.0.1', port: this.port, user: 'root', database });
  }
}

/** Who the workload acts as and on what: read from the freshly seeded demo channel. */
export interface Channel {
  caller: { userId: number; organizationId: number };
  /** Customers the caller has an ACTIVE reseller relationship with (it may order for them). */
  customerIds: number[];
  /** Offers every customer may order, with their quantity bounds. */
  offers: Array<{ id: number; min: number; max: number }>;
  /** A reseller's user, for a second tenant's reads. */
  resellerUser: { userId: number; organizationId: number };
}

/** A fresh `soak` database: dropped, migrated, seeded with the demo channel. */
export async function prepareDatabase(db: DisposableMariaDb): Promise<Channel> {
  const admin = await db.connect('mysql');
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const dataSource = createDataSource({
    type: 'mariadb',
    url: db.url.replace(/^mariadb:/, 'mysql:'),
    poolSize: 2,
  });
  await dataSource.initialize();
  try {
    await migrateDatabase(dataSource);
    await seedDemoData(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return describeChannel(db);
}

async function describeChannel(db: DisposableMariaDb): Promise<Channel> {
  const conn = await db.connect();
  try {
    const one = async (sql: string, params: unknown[] = []) => {
      const [rows] = (await conn.query(sql, params)) as any;
      if (!rows.length) throw new Error(`the demo channel has nothing for: ${sql}`);
      return rows;
    };
    const [caller] = await one(
      `SELECT u.id AS userId, u.organization_id AS organizationId FROM app_user u
       WHERE u.email = 'globaladmin@contosodistribution.example'`,
    );
    const customers = await one(
      `SELECT customer_id AS id FROM customer_relationship
       WHERE partner_id = ? AND status = 'ACTIVE' AND reseller_relationship = 1 ORDER BY id`,
      [caller.organizationId],
    );
    const offers = await one(
      `SELECT id, min_quantity AS min, max_quantity AS max FROM offer
       WHERE code IN ('MS-365-BB-M', 'MS-365-BS-M', 'MS-365-E3-A', 'O365-E1-M') ORDER BY id`,
    );
    const [reseller] = await one(
      `SELECT u.id AS userId, u.organization_id AS organizationId FROM app_user u
       WHERE u.email = 'globaladmin@treyresearchit.example'`,
    );
    return {
      caller: { userId: Number(caller.userId), organizationId: Number(caller.organizationId) },
      customerIds: customers.map((c: { id: number }) => Number(c.id)),
      offers: offers.map((o: any) => ({ id: Number(o.id), min: o.min, max: o.max })),
      resellerUser: {
        userId: Number(reseller.userId),
        organizationId: Number(reseller.organizationId),
      },
    };
  } finally {
    await conn.end();
  }
}
