import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../db/column-types';
import { Node } from '../core/node';
import { toGlobalId } from '../core/node-id';
import { BillingCycle, ProductFamily } from './catalog-enums';

@ObjectType('Offer', {
  implements: Node,
  description:
    'An offer of the vendor catalog (R-23): what can be ordered, in which quantities and in which CSP regions.',
  // Plain properties and getters, no field guards: graphql-js reads them directly.
  simpleResolvers: true,
})
@Entity('offer')
@Index(['productFamily'])
export class Offer extends Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('Offer', this.id);
  }

  @Field({ description: 'Catalog code (SKU), unique.' })
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Field({ description: 'Display name.' })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field({ description: 'Short description.' })
  @Column({ type: 'varchar', length: 1000, default: '' })
  description: string;

  @Field(() => ProductFamily, { description: 'Product family.' })
  @Column({ type: 'varchar', length: 32 })
  productFamily: ProductFamily;

  @Field(() => BillingCycle, { description: 'Billing cycle.' })
  @Column({ type: 'varchar', length: 16 })
  billingCycle: BillingCycle;

  @Field({ description: 'What one unit of quantity is, e.g. `Licenses`.' })
  @Column({ type: 'varchar', length: 40 })
  licenseUnit: string;

  @Field(() => Int, { description: 'Smallest quantity an order or change may ask for (R-23).' })
  @Column({ type: 'int' })
  minQuantity: number;

  @Field(() => Int, { description: 'Largest quantity an order or change may ask for (R-23).' })
  @Column({ type: 'int' })
  maxQuantity: number;

  @Field({ description: 'Whether the offer can still be ordered.' })
  @Column({ type: 'boolean', default: true })
  available: boolean;

  @Column(timestamp())
  createdAt: Date;
}
