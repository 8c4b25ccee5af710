/**
 * The suite runs on the embedded SQLite by default and on MariaDB/MySQL when DATABASE_URL is
 * set (`npm run test:mariadb`); each worker gets a database of its own.
 * Type checking is `npm run typecheck`'s job: ts-jest only transpiles, which keeps runs fast.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  // jose ships ES modules only; transpile it like our own code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  maxWorkers: process.env.JEST_MAX_WORKERS || '50%',
};
