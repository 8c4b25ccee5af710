import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printGraphQLSchema } from '../entry/schema';

/** `npm run schema:emit`: writes schema.graphql from the code (a test fails when it drifts). */
const target = resolve(__dirname, '../../../schema.graphql');
writeFileSync(target, printGraphQLSchema());
process.stdout.write(`Wrote ${target}\n`);
