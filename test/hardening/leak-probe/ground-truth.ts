import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  DEMO_CUSTOMER_INVITATION_TOKEN,
  DEMO_INVITATION_TOKEN,
  DEMO_RELATIONSHIP_REQUEST_TOKEN,
} from '../../../src/entry/seed/demo-channel';
import { toGlobalId, type NodeType } from '../../../src/core/node-id';

type Row = Record<string, any>;

export interface Org {
  id: number;
  type: 'VENDOR' | 'PARTNER' | 'CUSTOMER';
  name: string;
  /** Listed in the public provider directory: name, profile and ID are public. */
  listed: boolean;
}

export interface Caller {
  email: string;
  userId: number;
  roles: string;
  org: Org;
}

/** One object of the channel, by its global ID, with the organizations it involves. */
export interface ProbeObject {
  type: NodeType;
  id: number;
  gid: string;
  label: string;
  owners: number[];
}

const n = (v: unknown) => (v == null ? null : Number(v));

/**
 * R-30 (SPEC section 7), restated: the fields of a Partner that whoever sees it reads, even
 * through a partnership that has never been ACTIVE: what the invitation shows (name, MPN ID,
 * the kind it implies) and the non-null fields of the Organization interface (country,
 * region, creation date). Every other field reads as null, empty or an empty list until the
 * partnership is or was ACTIVE.
 */
export const PARTNER_FIELDS_ALWAYS_SHOWN = new Set([
  '__typename',
  'id',
  'name',
  'mpnId',
  'kind',
  'countryCode',
  'country',
  'cspRegion',
  'createdAt',
]);

/** How a partnership that was never ACTIVE came to be so, for the probe's coverage. */
export type NeverActive = 'invited' | 'expired' | 'withdrawn' | 'declined';

/**
 * What the database holds, read with plain SQL (not through the API), and from it what each
 * caller may restated from the relationships, independently of src/access.
 */
export class GroundTruth {
  readonly orgs = new Map<number, Org>();
  readonly objects: ProbeObject[] = [];
  readonly callers: Caller[] = [];
  /** Strings that belong to one organization and are not public. */
  readonly privateStrings = new Map<number, string[]>();
  private rows: Record<string, Row[]> = {};

  static async load(dataSource: DataSource): Promise<GroundTruth> {
    const truth = new GroundTruth();
    const q = (sql: string) => dataSource.query(sql) as Promise<Row[]>;
    truth.rows = {
      organization: await q('SELECT * FROM organization'),
      profile: await q('SELECT * FROM provider_profile'),
      user: await q('SELECT * FROM app_user'),
      partnership: await q('SELECT * FROM partnership'),
      invitation: await q('SELECT * FROM partnership_invitation'),
      relationship: await q('SELECT * FROM customer_relationship'),
      request: await q('SELECT * FROM relationship_request'),
      subscription: await q('SELECT * FROM subscription'),
      order: await q('SELECT * FROM csp_order'),
      audit: await q('SELECT * FROM audit_record'),
      auditOrg: await q('SELECT * FROM audit_record_organization'),
      offer: await q('SELECT * FROM offer'),
    };
    truth.build();
    return truth;
  }

  private build(): void {
    const r = this.rows;
    const listed = new Set(
      r.profile.filter((p) => Number(p.listed) === 1).map((p) => n(p.provider_id)),
    );
    for (const o of r.organization) {
      const org: Org = {
        id: Number(o.id),
        type: o.type,
        name: o.name,
        listed: o.kind === 'INDIRECT_PROVIDER' && o.status === 'ACTIVE' && listed.has(Number(o.id)),
      };
      this.orgs.set(org.id, org);
      const type: NodeType =
        o.type === 'PARTNER' ? 'Partner' : o.type === 'CUSTOMER' ? 'Customer' : 'Vendor';
      this.add(type, org.id, org.name, [org.id]);
      const secrets = [
        o.tenant_domain,
        o.mpn_id,
        o.primary_contact_email,
        o.support_contact_email,
        o.company_contact_email,
        ...(org.listed ? [] : [o.name]),
      ];
      this.privateStrings.set(
        org.id,
        secrets.filter((s) => typeof s === 'string' && s.length >= 6),
      );
    }
    for (const u of r.user) {
      const orgId = Number(u.organization_id);
      this.add('User', Number(u.id), u.email, [orgId]);
      this.privateStrings.get(orgId)!.push(u.email);
      if (this.orgs.get(orgId)!.type !== 'VENDOR') {
        this.callers.push({
          email: u.email,
          userId: Number(u.id),
          roles: u.roles,
          org: this.orgs.get(orgId)!,
        });
      }
    }
    const partnership = new Map(r.partnership.map((p) => [Number(p.id), p]));
    for (const p of r.partnership) {
      this.add('Partnership', Number(p.id), `partnership ${p.id}`, [
        n(p.provider_id),
        n(p.reseller_id),
      ]);
    }
    for (const i of r.invitation) {
      const p = partnership.get(Number(i.partnership_id))!;
      this.add('PartnershipInvitation', Number(i.id), `invitation ${i.id}`, [
        n(p.provider_id),
        n(p.reseller_id),
      ]);
    }
    for (const c of r.relationship) {
      this.add('CustomerRelationship', Number(c.id), `relationship ${c.id}`, [
        n(c.customer_id),
        n(c.partner_id),
      ]);
    }
    for (const q of r.request) {
      this.add('RelationshipRequest', Number(q.id), `request ${q.id}`, [
        n(q.customer_id),
        n(q.partner_id),
        n(q.indirect_provider_id),
      ]);
    }
    for (const s of r.subscription)
      this.add('Subscription', Number(s.id), `subscription ${s.id}`, subscriptionOrgs(s));
    for (const o of r.order) {
      this.add('Order', Number(o.id), `order ${o.id}`, [n(o.customer_id), n(o.billing_partner_id)]);
    }
    for (const a of r.audit) {
      const orgs = r.auditOrg.filter((x) => Number(x.audit_record_id) === Number(a.id));
      this.add(
        'AuditRecord',
        Number(a.id),
        `audit ${a.id}`,
        orgs.map((x) => Number(x.organization_id)),
      );
    }
    for (const o of r.offer) this.add('Offer', Number(o.id), o.name, []);
  }

  private add(type: NodeType, id: number, label: string, owners: Array<number | null>): void {
    this.objects.push({
      type,
      id,
      gid: toGlobalId(type, id),
      label,
      owners: [...new Set(owners.filter((o): o is number => o != null))],
    });
  }

  /** The database row behind an object (column names as stored). */
  row(object: ProbeObject): Row {
    const table: Record<NodeType, string> = {
      Vendor: 'organization',
      Partner: 'organization',
      Customer: 'organization',
      User: 'user',
      Partnership: 'partnership',
      PartnershipInvitation: 'invitation',
      CustomerRelationship: 'relationship',
      RelationshipRequest: 'request',
      Subscription: 'subscription',
      Order: 'order',
      AuditRecord: 'audit',
      Offer: 'offer',
    };
    return this.rows[table[object.type]].find((x) => Number(x.id) === object.id)!;
  }

  /**
   * The link token of an invitation or request, for those whose token is known (the demo seed
   * publishes three for the docs; only hashes are stored).
   */
  tokenOf(object: ProbeObject): string | undefined {
    if (object.type !== 'PartnershipInvitation' && object.type !== 'RelationshipRequest') {
      return undefined;
    }
    const hash = this.row(object).token_hash;
    return [
      DEMO_INVITATION_TOKEN,
      DEMO_CUSTOMER_INVITATION_TOKEN,
      DEMO_RELATIONSHIP_REQUEST_TOKEN,
    ].find((t) => createHash('sha256').update(t).digest('hex') === hash);
  }

  byGid(gid: string): ProbeObject | undefined {
    return this.objects.find((o) => o.gid === gid);
  }

  /**
   * Organizations the caller's organization has any relationship with: a partnership (any
   * state), a customer relationship or request, or a subscription or order they share.
   */
  related(me: number): Set<number> {
    const r = this.rows;
    const out = new Set<number>([me]);
    const link = (ids: Array<number | null>) => {
      if (ids.includes(me)) for (const id of ids) if (id != null) out.add(id);
    };
    for (const p of r.partnership) link([n(p.provider_id), n(p.reseller_id)]);
    for (const c of r.relationship) link([n(c.customer_id), n(c.partner_id)]);
    for (const q of r.request) link([n(q.customer_id), n(q.partner_id), n(q.indirect_provider_id)]);
    for (const s of r.subscription) link(subscriptionOrgs(s));
    for (const o of r.order) link([n(o.customer_id), n(o.billing_partner_id)]);
    return out;
  }

  /** Objects whose organizations are all unrelated to the caller's: it must see none of them. */
  unrelatedObjects(caller: Caller): ProbeObject[] {
    const related = this.related(caller.org.id);
    return this.objects.filter(
      (o) => o.type !== 'Offer' && o.owners.length > 0 && o.owners.every((id) => !related.has(id)),
    );
  }

  /**
   * Private strings of organizations the caller has no relationship with, and those of the
   * partners it sees without reading them in full (R-30 section 7). The recipient of a
   * relationship request is not foreign to the partners that sent it: the requester
   * typed that address itself and shares the request with the provider it names.
   */
  foreignStrings(caller: Caller): string[] {
    const me = caller.org.id;
    const related = this.related(me);
    const ownRecipients = new Set(
      this.rows.request
        .filter((q) => n(q.partner_id) === me || n(q.indirect_provider_id) === me)
        .map((q) => String(q.recipient_email)),
    );
    return [
      ...[...this.privateStrings.entries()]
        .filter(([orgId]) => !related.has(orgId) && this.orgs.get(orgId)!.type !== 'VENDOR')
        .flatMap(([, strings]) => strings),
      ...this.undisclosedStrings(caller),
    ].filter((s) => !ownRecipients.has(s));
  }

  /**
   * R-30 section 7, restated: whether the caller reads every field of this partner. Customers
   * and the vendor do, and a partner of itself; another partner only once a partnership of the
   * two was accepted (ACTIVE, or SUSPENDED or REVOKED after it).
   */
  disclosed(caller: Caller, partnerId: number): boolean {
    const me = caller.org.id;
    if (caller.org.type !== 'PARTNER' || me === partnerId) return true;
    return this.rows.partnership.some(
      (p) =>
        p.accepted_at != null &&
        ((n(p.provider_id) === me && n(p.reseller_id) === partnerId) ||
          (n(p.reseller_id) === me && n(p.provider_id) === partnerId)),
    );
  }

  /**
   * The partners the caller sees but does not read in full, each with how its partnerships
   * with the caller ended up never ACTIVE.
   */
  undisclosedPartners(caller: Caller): Array<{ partner: ProbeObject; how: NeverActive[] }> {
    const me = caller.org.id;
    if (caller.org.type !== 'PARTNER') return [];
    const now = Date.now();
    return this.objects
      .filter(
        (o) => o.type === 'Partner' && this.visible(caller, o) && !this.disclosed(caller, o.id),
      )
      .map((partner) => {
        const how = this.rows.partnership
          .filter(
            (p) =>
              (n(p.provider_id) === me && n(p.reseller_id) === partner.id) ||
              (n(p.reseller_id) === me && n(p.provider_id) === partner.id),
          )
          .map((p): NeverActive => {
            if (p.state === 'REVOKED') {
              return n(p.ended_by_organization_id) === n(p.reseller_id) ? 'declined' : 'withdrawn';
            }
            const invitations = this.rows.invitation.filter(
              (i) => Number(i.partnership_id) === Number(p.id),
            );
            const latest = invitations[invitations.length - 1];
            return latest && new Date(latest.expires_at).getTime() <= now ? 'expired' : 'invited';
          });
        return { partner, how };
      });
  }

  /**
   * Strings of partners the caller sees without reading them in full: everything private but
   * the name and MPN ID, which the invitation shows.
   */
  undisclosedStrings(caller: Caller): string[] {
    return this.undisclosedPartners(caller).flatMap(({ partner }) => {
      const row = this.row(partner);
      return this.privateStrings.get(partner.id)!.filter((s) => s !== row.name && s !== row.mpn_id);
    });
  }

  /** IDs anyone may hold: offers and the partners listed in the provider directory. */
  isPublicId(object: ProbeObject): boolean {
    return (
      object.type === 'Offer' || (object.type === 'Partner' && this.orgs.get(object.id)!.listed)
    );
  }

  /**
   * R-30, restated: may this caller read this object (by `node(id:)`, a list or an edge)? The
   * switch covers every NodeType: a new type does not compile until it has its rule here.
   */
  visible(caller: Caller, object: ProbeObject): boolean {
    const me = caller.org.id;
    const r = this.rows;
    const partner = caller.org.type === 'PARTNER';
    const row = (table: string) => r[table].find((x) => Number(x.id) === object.id)!;
    const subscriptionRoles = (s: Row) =>
      [
        s.billing_partner_id,
        s.partner_of_record_id,
        s.support_contact_id,
        s.service_partner_id,
      ].map(n);
    switch (object.type) {
      case 'Offer':
        return true;
      case 'Vendor':
        return false;
      case 'User':
        return Number(row('user').organization_id) === me;
      case 'Partner': {
        const x = object.id;
        if (x === me) return true;
        if (partner) {
          return r.partnership.some(
            (p) =>
              (n(p.provider_id) === me && n(p.reseller_id) === x) ||
              (n(p.reseller_id) === me && n(p.provider_id) === x),
          );
        }
        return (
          r.relationship.some((c) => n(c.customer_id) === me && n(c.partner_id) === x) ||
          r.request.some(
            (q) =>
              n(q.customer_id) === me && (n(q.partner_id) === x || n(q.indirect_provider_id) === x),
          ) ||
          r.subscription.some((s) => n(s.customer_id) === me && subscriptionRoles(s).includes(x))
        );
      }
      case 'Customer': {
        const x = object.id;
        if (!partner) return x === me;
        return (
          r.relationship.some(
            (c) => n(c.customer_id) === x && n(c.partner_id) === me && c.status === 'ACTIVE',
          ) ||
          r.subscription.some((s) => n(s.customer_id) === x && subscriptionRoles(s).includes(me))
        );
      }
      case 'Partnership':
      case 'PartnershipInvitation': {
        const p =
          object.type === 'Partnership'
            ? row('partnership')
            : r.partnership.find((x) => Number(x.id) === Number(row('invitation').partnership_id))!;
        return partner && (n(p.provider_id) === me || n(p.reseller_id) === me);
      }
      case 'CustomerRelationship': {
        // A partner sees its own relationships and those between a customer and a partner it
        // sees both of (they appear on the customer's partner list).
        const c = row('relationship');
        if (!partner) return n(c.customer_id) === me;
        const org = (id: number | null) =>
          this.objects.find((o) => o.id === id && ['Partner', 'Customer'].includes(o.type))!;
        return (
          n(c.partner_id) === me ||
          (this.visible(caller, org(n(c.customer_id))) &&
            this.visible(caller, org(n(c.partner_id))))
        );
      }
      case 'RelationshipRequest': {
        const q = row('request');
        return partner
          ? n(q.partner_id) === me || n(q.indirect_provider_id) === me
          : n(q.customer_id) === me;
      }
      case 'Subscription': {
        const s = row('subscription');
        if (!partner) return n(s.customer_id) === me;
        return (
          subscriptionRoles(s).includes(me) ||
          r.relationship.some(
            (c) =>
              n(c.customer_id) === n(s.customer_id) &&
              n(c.partner_id) === me &&
              c.status === 'ACTIVE' &&
              Number(c.delegated_admin) === 1,
          )
        );
      }
      case 'Order': {
        const o = row('order');
        return n(partner ? o.billing_partner_id : o.customer_id) === me;
      }
      case 'AuditRecord':
        return object.owners.includes(me);
    }
  }
}

function subscriptionOrgs(s: Row): Array<number | null> {
  return [
    s.customer_id,
    s.billing_partner_id,
    s.partner_of_record_id,
    s.support_contact_id,
    s.service_partner_id,
  ].map(n);
}
