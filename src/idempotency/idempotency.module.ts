import type { DomainModule } from '../core/domain-module';
import { IdempotencyRecord } from './idempotency-record.entity';

export const idempotencyModule: DomainModule = {
  name: 'idempotency',
  entities: [IdempotencyRecord],
};
