import type { ColumnOptions } from 'typeorm';

/**
 * Column shapes shared by entities and migrations so that both databases get the same schema.
 * Times are UTC with millisecond precision; enums are short strings checked in code, which keeps
 * adding a value a data change instead of an ALTER on MySQL.
 */
export const timestamp = (options: ColumnOptions = {}): ColumnOptions => ({
  type: 'datetime',
  precision: 3,
  ...options,
});

export const enumString = (length = 32, options: ColumnOptions = {}): ColumnOptions => ({
  type: 'varchar',
  length,
  ...options,
});
