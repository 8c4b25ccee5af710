import { ArgsType, Field } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { PageArgs } from '../core/pagination';
import { AuditRecord } from './audit-record.entity';

export const { Connection: AuditRecordConnection } = connectionTypes(
  'AuditRecord',
  AuditRecord,
  'A page of audit records, oldest first.',
);

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => Date, { nullable: true, description: 'Only changes at or after this instant.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only changes before this instant.' })
  to?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only changes of the object with this global ID.',
  })
  resourceId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only changes made by this mutation, e.g. `placeOrder`.',
  })
  operation?: string | null;
}
