import { registerEnumType } from 'type-graphql';

export enum PartnerStatus {
  PENDING_EMAIL_VERIFICATION = 'PENDING_EMAIL_VERIFICATION',
  PENDING_REVIEW = 'PENDING_REVIEW',
  ACTIVE = 'ACTIVE',
  REJECTED = 'REJECTED',
  SUSPENDED = 'SUSPENDED',
}

registerEnumType(PartnerStatus, {
  name: 'PartnerStatus',
  description: 'Enrollment status (R-03). Only ACTIVE partners transact (R-04).',
  valuesConfig: {
    PENDING_EMAIL_VERIFICATION: {
      description: 'Enrolled; the primary contact has not verified the email address yet.',
    },
    PENDING_REVIEW: {
      description: 'Email verified; waiting for a vendor operator to review the enrollment.',
    },
    ACTIVE: { description: 'Approved by the vendor.' },
    REJECTED: { description: 'Refused by the vendor.' },
    SUSPENDED: { description: 'Suspended by the vendor; its partnerships are suspended with it.' },
  },
});
