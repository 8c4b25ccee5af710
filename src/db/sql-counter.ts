import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger, QueryRunner } from 'typeorm';

/** Per-request tally of SQL statements (the N+1 guard in tests, `sql_per_request` in benchmarks). */
export interface SqlTally {
  count: number;
  statements?: string[];
}

const tallies = new AsyncLocalStorage<SqlTally>();
let processTotal = 0;

export function withSqlTally<T>(tally: SqlTally, fn: () => T): T {
  return tallies.run(tally, fn);
}

export function currentSqlTally(): SqlTally | undefined {
  return tallies.getStore();
}

export function sqlStatementsSinceStart(): number {
  return processTotal;
}

/**
 * TypeORM hands every statement to the logger, so counting here sees what the driver runs,
 * including transaction control statements.
 */
export class CountingSqlLogger implements Logger {
  constructor(private readonly echo: boolean) {}

  logQuery(query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    processTotal++;
    const tally = tallies.getStore();
    if (tally) {
      tally.count++;
      tally.statements?.push(query);
    }
    if (this.echo) {
      process.stdout.write(
        `[sql] ${query}${parameters?.length ? ` -- ${JSON.stringify(parameters)}` : ''}\n`,
      );
    }
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    if (this.echo) process.stderr.write(`[sql error] ${String(error)} in ${query}\n`);
  }

  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    if (this.echo) process.stdout.write(`[migration] ${message}\n`);
  }
  log(): void {}
}
