import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

/**
 * SPEC section 1: people sign in with an OpenID Connect provider's token, mapped to a user by
 * (issuer, subject). The unique indexes carry the invariants: one identity names one user, a
 * user has at most one identity per issuer.
 */
export class ExternalIdentity1763730000000 implements MigrationInterface {
  name = 'ExternalIdentity1763730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'external_identity',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'user_id', type: 'integer', isNullable: false },
          { name: 'issuer', type: 'varchar', length: '255', isNullable: false },
          { name: 'subject', type: 'varchar', length: '255', isNullable: false },
          { name: 'linked_at', type: 'datetime', precision: 3, isNullable: false },
          { name: 'linked_by_user_id', type: 'integer', isNullable: true },
        ],
        indices: [
          new TableIndex({ columnNames: ['issuer', 'subject'], isUnique: true }),
          new TableIndex({ columnNames: ['user_id', 'issuer'], isUnique: true }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'app_user',
            referencedColumnNames: ['id'],
            onDelete: 'NO ACTION',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
      false,
      true,
      true,
    );
    // The single-use links an organization sends its users to link their identity themselves.
    await queryRunner.createTable(
      new Table({
        name: 'identity_link',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'user_id', type: 'integer', isNullable: false },
          { name: 'token_hash', type: 'varchar', length: '64', isNullable: false },
          { name: 'expires_at', type: 'datetime', precision: 3, isNullable: false },
          { name: 'created_by_user_id', type: 'integer', isNullable: false },
        ],
        indices: [
          new TableIndex({ columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ columnNames: ['user_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'app_user',
            referencedColumnNames: ['id'],
            onDelete: 'NO ACTION',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
      false,
      true,
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('identity_link', true, true, true);
    await queryRunner.dropTable('external_identity', true, true, true);
  }
}
