import { BillingCycle } from '../catalog/catalog-enums';

/** `date` plus `months` calendar months in UTC, clamped to the month's last day (Jan 31 -> Feb 28). */
export function addMonthsUtc(date: Date, months: number): Date {
  const target = new Date(date.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

/**
 * When the first term of a subscription started at `start` ends: a month for monthly offers, a
 * year for annual ones; usage-based offers have no term (null).
 */
export function termEndFor(billingCycle: BillingCycle, start: Date): Date | null {
  switch (billingCycle) {
    case BillingCycle.MONTHLY:
      return addMonthsUtc(start, 1);
    case BillingCycle.ANNUAL:
      return addMonthsUtc(start, 12);
    case BillingCycle.USAGE:
      return null;
  }
}
