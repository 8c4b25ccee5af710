import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { AuditRecord } from './audit-record.entity';

/** an organization involved in an audited change, which may therefore read it. */
@Entity('audit_record_organization')
@Index(['organizationId', 'auditRecordId'])
export class AuditRecordOrganization {
  @ForeignKey(() => AuditRecord)
  @PrimaryColumn({ type: 'int' })
  auditRecordId: number;

  @ForeignKey(() => Organization)
  @PrimaryColumn({ type: 'int' })
  organizationId: number;
}
