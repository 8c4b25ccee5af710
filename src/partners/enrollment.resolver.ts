import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { RequestContext } from '../core/request-context';
import { badUserInput } from '../core/errors';
import { parseId } from '../core/node-id';
import { runMutation, runPublicMutation } from '../core/run-mutation';
import {
  EnrollmentDecision,
  EnrollPartnerInput,
  ResendPartnerEmailVerificationInput,
  ReviewPartnerEnrollmentInput,
  VerifyPartnerEmailInput,
} from './enrollment.payloads';
import {
  enrollPartner,
  resendPartnerEmailVerification,
  reviewPartnerEnrollment,
  verifyPartnerEmail,
} from './enrollment.service';
import { PartnerPayload } from './partner.payloads';

@Resolver()
export class EnrollmentResolver {
  @Mutation(() => PartnerPayload, {
    description:
      'R-01: enroll a new partner; no token needed. It starts as an INDIRECT_RESELLER in PENDING_EMAIL_VERIFICATION (R-03), the enrolling administrator becomes its first user (GLOBAL_ADMIN, ADMIN_AGENT), and the primary contact gets a verification link by email. userErrors: WEBMAIL_NOT_ALLOWED (R-02), ALREADY_EXISTS (MPN ID, tenant domain). An administrator email that already signs in is answered like any other (R-30: no answer tells who is registered); its owner is told by email and no account is created for it. A country outside the CSP regions (R-07) is BAD_USER_INPUT.',
  })
  enrollPartner(
    @Arg('input', () => EnrollPartnerInput, { description: 'The enrollment.' })
    input: EnrollPartnerInput,
    @Ctx() ctx: RequestContext,
  ) {
    return runPublicMutation(ctx, { operation: 'enrollPartner' }, PartnerPayload, async (w) => ({
      partner: await enrollPartner(w, input),
    }));
  }

  @Mutation(() => PartnerPayload, {
    description:
      "R-03: verify the primary contact's email with the single-use token of the verification link; no token needed. The enrollment moves to PENDING_REVIEW. A used, unknown or expired token is INVITATION_INVALID.",
  })
  verifyPartnerEmail(
    @Arg('input', () => VerifyPartnerEmailInput, { description: 'The token from the email.' })
    input: VerifyPartnerEmailInput,
    @Ctx() ctx: RequestContext,
  ) {
    return runPublicMutation(
      ctx,
      { operation: 'verifyPartnerEmail' },
      PartnerPayload,
      async (w) => ({ partner: await verifyPartnerEmail(w, input.token) }),
    );
  }

  @Mutation(() => PartnerPayload, {
    description:
      "R-03: send your partner's primary contact a new verification link, optionally to a corrected address (R-02 applies: WEBMAIL_NOT_ALLOWED). GLOBAL_ADMIN or ADMIN_AGENT; only in PENDING_EMAIL_VERIFICATION, else INVALID_STATE. The previous link stops working.",
  })
  resendPartnerEmailVerification(
    @Arg('input', () => ResendPartnerEmailVerificationInput, {
      description: 'Where to send the link.',
    })
    input: ResendPartnerEmailVerificationInput,
    @Ctx() ctx: RequestContext,
  ) {
    return runMutation(
      ctx,
      {
        operation: 'resendPartnerEmailVerification',
        roles: Capability.MANAGE_ENROLLMENT,
        organizationTypes: ['PARTNER'],
      },
      PartnerPayload,
      async (w) => ({
        partner: await resendPartnerEmailVerification(w, input.primaryContactEmail),
      }),
    );
  }

  @Mutation(() => PartnerPayload, {
    description:
      'R-03: approve (ACTIVE) or reject (REJECTED) an enrollment in PENDING_REVIEW (VENDOR_ADMIN only); any other status is INVALID_STATE. The primary contact is told by email. The review queue is `partners(status: PENDING_REVIEW)`.',
  })
  reviewPartnerEnrollment(
    @Arg('input', () => ReviewPartnerEnrollmentInput, { description: 'The decision.' })
    input: ReviewPartnerEnrollmentInput,
    @Ctx() ctx: RequestContext,
  ) {
    const partnerId = parseId(input.partnerId, 'Partner', 'input.partnerId');
    if (input.decision === EnrollmentDecision.REJECT && !input.note?.trim())
      throw badUserInput('input.note', 'input.note: a rejection needs a note saying why');
    return runMutation(
      ctx,
      {
        operation: 'reviewPartnerEnrollment',
        roles: Capability.VENDOR_OPERATIONS,
        organizationTypes: ['VENDOR'],
      },
      PartnerPayload,
      async (w) => ({ partner: await reviewPartnerEnrollment(w, partnerId, input) }),
    );
  }
}
