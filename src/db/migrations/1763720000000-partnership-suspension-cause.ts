import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * remembers which partner's suspension suspended a partnership, so that reinstating that
 * partner reactivates exactly the partnerships it suspended and none the vendor suspended itself.
 */
export class PartnershipSuspensionCause1763720000000 implements MigrationInterface {
  name = 'PartnershipSuspensionCause1763720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'partnership',
      new TableColumn({ name: 'suspended_by_partner_id', type: 'integer', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('partnership', 'suspended_by_partner_id');
  }
}
