import { demo } from '../../support/demo';

/**
 * Who sends the generated calls: a mix of roles and organization kinds (vendor, providers, a
 * direct-bill partner, resellers, customer admins) and no token at all, so that each mutation
 * meets callers it accepts and callers it refuses.
 */
export const CALLER_EMAILS: string[] = [
  demo.vendor,
  demo.contoso.globalAdmin,
  demo.contoso.adminAgent,
  demo.contoso.sales,
  demo.contoso.helpdesk,
  demo.contoso.billing,
  demo.fabrikam.globalAdmin,
  demo.adatum.globalAdmin,
  demo.adatum.sales,
  demo.trey.globalAdmin,
  demo.trey.adminAgent,
  demo.trey.sales,
  demo.litware.globalAdmin,
  demo.proseware.globalAdmin,
  demo.customers.northwind,
  demo.customers.tailspin,
  demo.customers.wingtip,
];

/** Every caller: each email, and no token at all. */
export const CALLERS: ReadonlyArray<string | null> = [...CALLER_EMAILS, null];
