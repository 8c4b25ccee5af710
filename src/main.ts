import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './core/logger';
import { startServer } from './entry/server';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md, "Configuration".\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger();
  const server = await startServer(config, { logger });
  logger.info({ url: server.url, env: config.nodeEnv }, 'CSP Partner Graph started');
  const lines = [
    '',
    `  CSP Partner Graph is running at ${server.url}`,
    config.sandbox
      ? `  Apollo Sandbox: open ${server.url} in a browser`
      : '  Sandbox is off (production)',
    config.auth.jwtSecret
      ? '  Get a token:    npm run token -- globaladmin@contosodistribution.example'
      : '',
    '',
  ];
  process.stdout.write(lines.filter((l) => l !== '').join('\n') + '\n\n');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    server.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`CSP Partner Graph failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
