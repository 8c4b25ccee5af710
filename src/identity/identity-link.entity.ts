import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../db/column-types';
import { User } from './user.entity';

/**
 * A single-use link that a user's organization sends the user (SPEC section 1): redeemed with
 * a token of the OpenID Connect provider, it links that person to the user. Only the hash of
 * its token is kept; redeeming or sending a new link deletes it.
 */
@Entity('identity_link')
export class IdentityLink {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @ForeignKey(() => User)
  @Index()
  @Column({ type: 'int' })
  userId: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(timestamp())
  expiresAt: Date;

  @Column({ type: 'int' })
  createdByUserId: number;
}
