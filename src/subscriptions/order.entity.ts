import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';

@ObjectType('Order', {
  implements: Node,
  description:
    'An order placed by a transacting partner for a customer (R-24); it created one subscription per line.',
})
@Entity('csp_order')
@Index(['customerId'])
@Index(['billingPartnerId'])
export class Order extends Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('Order', this.id);
  }

  @ForeignKey(() => Organization)
  @Column({ type: 'int' })
  customerId: number;

  @ForeignKey(() => Organization)
  @Column({ type: 'int' })
  billingPartnerId: number;

  @Column({ type: 'int', nullable: true })
  placedByUserId: number | null;

  @Field({ description: 'The client-chosen idempotency key the order was submitted with (R-29).' })
  @Column({ type: 'varchar', length: 64 })
  idempotencyKey: string;

  @Field({ description: 'When the order was placed.' })
  @Column(timestamp())
  createdAt: Date;
}
