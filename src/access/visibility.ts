import { sql, Sql } from '../db/sql';
import type { Viewer } from '../core/viewer';
import type { RequestContext } from '../core/request-context';

/**
 * R-30, in one place: which rows a caller may read. Every query of the read side (lists, edges
 * and `node(id:)`) ANDs one of these predicates, so an object out of scope is indistinguishable
 * from an absent one. `alias` names the table alias of the row being filtered.
 *
 * - The vendor sees everything.
 * - A partner sees itself, the partners it has a partnership with (either side, any state),
 *   the customers it has an active relationship with or serves on a subscription, and the
 *   subscriptions it bills, is partner of record, support contact or hired service partner for,
 *   or that belong to customers it administers (delegated admin).
 * - A customer admin sees its own tenant, its subscriptions and the partners that serve it.
 */
export class Visibility {
  private readonly me: number;

  constructor(private readonly viewer: Viewer) {
    this.me = viewer.organizationId;
  }

  get isVendor(): boolean {
    return this.viewer.organizationType === 'VENDOR';
  }

  private get isPartner(): boolean {
    return this.viewer.organizationType === 'PARTNER';
  }

  /** Partners (organization rows of type PARTNER). */
  partner(alias: string): Sql | undefined {
    if (this.isVendor) return undefined;
    const me = this.me;
    if (this.isPartner) {
      return sql`${Sql.raw(alias)}.id = ${me}
        OR EXISTS (SELECT 1 FROM partnership vp WHERE vp.provider_id = ${me} AND vp.reseller_id = ${Sql.raw(alias)}.id)
        OR EXISTS (SELECT 1 FROM partnership vp WHERE vp.reseller_id = ${me} AND vp.provider_id = ${Sql.raw(alias)}.id)`;
    }
    return sql`EXISTS (SELECT 1 FROM customer_relationship vr WHERE vr.customer_id = ${me} AND vr.partner_id = ${Sql.raw(alias)}.id)
      OR EXISTS (SELECT 1 FROM relationship_request vq WHERE vq.customer_id = ${me}
                 AND (vq.partner_id = ${Sql.raw(alias)}.id OR vq.indirect_provider_id = ${Sql.raw(alias)}.id))
      OR EXISTS (SELECT 1 FROM subscription vs WHERE vs.customer_id = ${me} AND ${Sql.raw(alias)}.id IN
                 (vs.billing_partner_id, vs.partner_of_record_id, vs.support_contact_id, vs.service_partner_id))`;
  }

  /** Customers (organization rows of type CUSTOMER). */
  customer(alias: string): Sql | undefined {
    if (this.isVendor) return undefined;
    const me = this.me;
    const a = Sql.raw(alias);
    if (this.isPartner) {
      return sql`EXISTS (SELECT 1 FROM customer_relationship vr WHERE vr.customer_id = ${a}.id AND vr.partner_id = ${me} AND vr.status = 'ACTIVE')
        OR EXISTS (SELECT 1 FROM subscription vs WHERE vs.customer_id = ${a}.id AND ${me} IN
                   (vs.billing_partner_id, vs.partner_of_record_id, vs.support_contact_id, vs.service_partner_id))`;
    }
    return sql`${a}.id = ${me}`;
  }

  /** Organizations of any type, e.g. for `node(id:)` and audit actors. */
  organization(alias: string): Sql | undefined {
    if (this.isVendor) return undefined;
    const a = Sql.raw(alias);
    const asPartner = this.partner(alias);
    const asCustomer = this.customer(alias);
    const own = sql`${a}.id = ${this.me}`;
    return sql`${own} OR (${a}.type = 'PARTNER' AND (${asPartner ?? Sql.raw('1=1')}))
      OR (${a}.type = 'CUSTOMER' AND (${asCustomer ?? Sql.raw('1=1')}))`;
  }

  subscription(alias: string): Sql | undefined {
    if (this.isVendor) return undefined;
    const me = this.me;
    const a = Sql.raw(alias);
    if (this.isPartner) {
      return sql`${me} IN (${a}.billing_partner_id, ${a}.partner_of_record_id, ${a}.support_contact_id, ${a}.service_partner_id)
        OR EXISTS (SELECT 1 FROM customer_relationship vr WHERE vr.customer_id = ${a}.customer_id
                   AND vr.partner_id = ${me} AND vr.status = 'ACTIVE' AND vr.delegated_admin = 1)`;
    }
    return sql`${a}.customer_id = ${me}`;
  }

  partnership(alias: string): Sql | undefined {
    if (this.isVendor) return undefined;
    if (!this.isPartner) return Sql.raw('1=0');
    const a = Sql.raw(alias);
    return sql`${a}.provider_id = ${this.me} OR ${a}.reseller_id = ${this.me}`;
  }

  /**
   * A customer's relationships: its own for a customer admin; for a partner its own, and those
   * between a customer and a partner it can both see (a customer's partner list shows them,
   * ), so that `node(id:)` answers as the list edges do.
   */
  customerRelationship(alias: string): Sql | undefined {
    if (this.isVendor) return undefined;
    const a = Sql.raw(alias);
    if (!this.isPartner) return sql`${a}.customer_id = ${this.me}`;
    return sql`${a}.partner_id = ${this.me}
      OR (EXISTS (SELECT 1 FROM organization vrc WHERE vrc.id = ${a}.customer_id AND (${this.customer('vrc')!}))
          AND EXISTS (SELECT 1 FROM organization vrp WHERE vrp.id = ${a}.partner_id AND (${this.partner('vrp')!})))`;
  }

  relationshipRequest(alias: string): Sql | undefined {
    if (this.isVendor) return undefined;
    const a = Sql.raw(alias);
    return this.isPartner
      ? sql`${a}.partner_id = ${this.me} OR ${a}.indirect_provider_id = ${this.me}`
      : sql`${a}.customer_id = ${this.me}`;
  }

  order(alias: string): Sql | undefined {
    if (this.isVendor) return undefined;
    const a = Sql.raw(alias);
    return this.isPartner
      ? sql`${a}.billing_partner_id = ${this.me}`
      : sql`${a}.customer_id = ${this.me}`;
  }

  /** Users: colleagues of the same organization. */
  user(alias: string): Sql | undefined {
    if (this.isVendor) return undefined;
    return sql`${Sql.raw(alias)}.organization_id = ${this.me}`;
  }

  /** audit records are readable by the organizations involved. */
  auditRecord(alias: string): Sql | undefined {
    if (this.isVendor) return undefined;
    return sql`EXISTS (SELECT 1 FROM audit_record_organization vo WHERE vo.audit_record_id = ${Sql.raw(alias)}.id AND vo.organization_id = ${this.me})`;
  }

  /** The catalog is visible to every signed-in caller. */
  offer(): Sql | undefined {
    return undefined;
  }
}

const perRequest = new WeakMap<RequestContext, Visibility>();

/** R-30 predicates for the caller of this request (UNAUTHENTICATED without one), built once. */
export function visibilityOf(ctx: RequestContext): Visibility {
  let visibility = perRequest.get(ctx);
  if (!visibility) {
    visibility = new Visibility(ctx.requireViewer());
    perRequest.set(ctx, visibility);
  }
  return visibility;
}
