import type { DomainModule } from '../core/domain-module';
import { AuditRecordOrganization } from './audit-record-organization.entity';
import { AuditRecord } from './audit-record.entity';
import { loadAuditRecord } from './audit.reads';
import { AuditResolver } from './audit.resolver';

export const auditModule: DomainModule = {
  name: 'audit',
  entities: [AuditRecord, AuditRecordOrganization],
  resolvers: [AuditResolver],
  nodeLoaders: { AuditRecord: loadAuditRecord },
};
