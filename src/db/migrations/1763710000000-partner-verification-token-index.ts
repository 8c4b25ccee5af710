import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const index = (): TableIndex =>
  new TableIndex({ columnNames: ['email_verification_token_hash'], isUnique: true });

/**
 * the email verification link is looked up by the hash of its token; a unique index
 * makes that one index read and guarantees a token names one partner. Empty (NULL) hashes
 * are not unique-checked on either database.
 */
export class PartnerVerificationTokenIndex1763710000000 implements MigrationInterface {
  name = 'PartnerVerificationTokenIndex1763710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('organization', index());
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = await queryRunner.getTable('organization');
    const existing = table?.indices.find(
      (i) => i.columnNames.length === 1 && i.columnNames[0] === 'email_verification_token_hash',
    );
    if (existing) await queryRunner.dropIndex('organization', existing);
  }
}
