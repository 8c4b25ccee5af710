import 'reflect-metadata';
import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { createApolloServer } from '../http/apollo';
import { createHttpServer, listen } from '../http/http-server';
import { App } from './app';
import { openDatabase } from './open-database';
import { createLogger, type Logger } from '../core/logger';

export interface RunningServer {
  app: App;
  url: string;
  port: number;
  http: Server;
  /** Stops accepting requests, lets in-flight ones finish (up to `graceMs`), then closes the database. */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** An already open data source (tests); otherwise one is opened from the configuration. */
  dataSource?: DataSource;
}

export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const dataSource = options.dataSource ?? (await openDatabase(config, logger));
  const app = new App(config, dataSource, logger);
  await app.rateLimiter?.ready();
  const apollo = createApolloServer(app);
  await apollo.start();
  let draining = false;
  const http = createHttpServer(app, apollo, {
    draining: () => draining,
    ready: async () => {
      if (draining) return false;
      await dataSource.query('SELECT 1');
      // Without the provider's keys no signed-in request can be served (README, OIDC_ISSUER).
      return app.oidc ? app.oidc.ready() : true;
    },
  });
  const address = await listen(http, config.port, config.host);
  const url = `http://localhost:${address.port}/`;
  return {
    app,
    url,
    port: address.port,
    http,
    async close(graceMs = 10_000) {
      draining = true;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      // Keep-alive connections go as soon as their request is answered (responses written
      // while draining also say `Connection: close`), not when the grace period ends.
      http.closeIdleConnections();
      const sweep = setInterval(() => http.closeIdleConnections(), 50);
      const timer = setTimeout(() => http.closeAllConnections(), graceMs);
      await closed;
      clearInterval(sweep);
      clearTimeout(timer);
      await apollo.stop();
      await app.rateLimiter?.close();
      if (!options.dataSource) await dataSource.destroy();
    },
  };
}
