import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** Business-rule failures (SPEC R-01..R-29), returned in a payload's `userErrors`. */
export enum UserErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  WEBMAIL_NOT_ALLOWED = 'WEBMAIL_NOT_ALLOWED',
  PARTNER_NOT_ACTIVE = 'PARTNER_NOT_ACTIVE',
  AGREEMENT_NOT_ACCEPTED = 'AGREEMENT_NOT_ACCEPTED',
  REGION_MISMATCH = 'REGION_MISMATCH',
  CUSTOMER_OUT_OF_REGION = 'CUSTOMER_OUT_OF_REGION',
  INVITATION_INVALID = 'INVITATION_INVALID',
  NOT_AN_INDIRECT_RESELLER = 'NOT_AN_INDIRECT_RESELLER',
  RESELLER_NOT_PARTNERED = 'RESELLER_NOT_PARTNERED',
  PARTNER_CANNOT_BE_CUSTOMER = 'PARTNER_CANNOT_BE_CUSTOMER',
  ACTIVE_SUBSCRIPTIONS_EXIST = 'ACTIVE_SUBSCRIPTIONS_EXIST',
  INVALID_QUANTITY = 'INVALID_QUANTITY',
  OFFER_NOT_AVAILABLE = 'OFFER_NOT_AVAILABLE',
  NO_CUSTOMER_RELATIONSHIP = 'NO_CUSTOMER_RELATIONSHIP',
  RESELLER_CANNOT_TRANSACT = 'RESELLER_CANNOT_TRANSACT',
  RESELLER_NOT_ASSOCIATED = 'RESELLER_NOT_ASSOCIATED',
  INVALID_STATE = 'INVALID_STATE',
  CONFLICT = 'CONFLICT',
  NOT_BILLING_PARTNER = 'NOT_BILLING_PARTNER',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation was refused by a business rule. A refused mutation changes nothing.',
  valuesConfig: {
    NOT_FOUND: {
      description:
        'An object named in the input does not exist or is outside your visibility (R-30).',
    },
    ALREADY_EXISTS: {
      description:
        'The object exists already, e.g. a second live partnership for the same pair (R-13).',
    },
    WEBMAIL_NOT_ALLOWED: {
      description: 'R-02: the primary contact email is at a web-mail service.',
    },
    PARTNER_NOT_ACTIVE: { description: 'R-04: the partner is not ACTIVE.' },
    AGREEMENT_NOT_ACCEPTED: {
      description: 'R-04: no GLOBAL_ADMIN has accepted the partner agreement yet.',
    },
    REGION_MISMATCH: {
      description: "R-08: the provider is not authorized in the reseller's CSP region.",
    },
    CUSTOMER_OUT_OF_REGION: {
      description: "R-09: the customer is outside the partner's CSP region.",
    },
    INVITATION_INVALID: {
      description:
        'R-11: the invitation link is expired, used or meant for another organization. Also R-03: the email verification link is unknown, used or expired.',
    },
    NOT_AN_INDIRECT_RESELLER: {
      description: 'R-14: the invitee is not an enrolled, active indirect reseller.',
    },
    RESELLER_NOT_PARTNERED: { description: 'R-15: no active partnership with that reseller.' },
    PARTNER_CANNOT_BE_CUSTOMER: { description: 'R-18: the customer is a registered CSP partner.' },
    ACTIVE_SUBSCRIPTIONS_EXIST: {
      description:
        'R-20: the partner still bills active subscriptions; suspend or cancel them first.',
    },
    INVALID_QUANTITY: { description: "R-23: the quantity is outside the offer's bounds." },
    OFFER_NOT_AVAILABLE: {
      description: "R-23: the offer is not sold in the customer's CSP region.",
    },
    NO_CUSTOMER_RELATIONSHIP: {
      description: 'R-24: no active reseller relationship with the customer.',
    },
    RESELLER_CANNOT_TRANSACT: {
      description: 'R-24: an indirect reseller cannot place orders; its provider does.',
    },
    RESELLER_NOT_ASSOCIATED: {
      description:
        'R-25/R-26: the reseller is not an active indirect reseller with the agreement accepted, an active partnership with the provider and a relationship with the customer.',
    },
    INVALID_STATE: {
      description:
        'Not allowed in the current state: e.g. changing a suspended subscription (R-27), reviewing an enrollment not PENDING_REVIEW (R-03), removing the last active GLOBAL_ADMIN (R-05), withdrawing a provider region with live partnerships (R-06).',
    },
    CONFLICT: {
      description: 'R-27: the version you sent is stale; read the object again and retry.',
    },
    NOT_BILLING_PARTNER: {
      description: 'R-27/R-28: only the billing partner changes commercial terms.',
    },
    IDEMPOTENCY_KEY_REUSED: {
      description: 'R-29: this idempotency key was used for a different request.',
    },
  },
});

@ObjectType('UserError', {
  description: 'A business-rule failure of a mutation (R-32). The mutation changed nothing.',
  simpleResolvers: true,
})
export class UserError {
  @Field(() => UserErrorCode, { description: 'Stable code; the spec names it.' })
  code: UserErrorCode;

  @Field(() => String, {
    nullable: true,
    description:
      'Path of the input field at fault, e.g. `input.resellerId`; null when no single field is.',
  })
  field: string | null;

  @Field({ description: 'Explanation for people; may change, do not parse it.' })
  message: string;
}

/**
 * Thrown by services when a business rule refuses the operation. The mutation runner rolls
 * the transaction back and answers with a `userErrors` entry.
 */
export class RuleViolation extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }

  toUserError(): UserError {
    return Object.assign(new UserError(), {
      code: this.code,
      field: this.field,
      message: this.message,
    });
  }
}
