import type { WriteContext } from '../core/unit-of-work';
import { snapshot } from '../core/audit-log';
import { normalizeEmail } from '../identity/email';
import { PartnerKind } from '../partners/partner-kind';
import { Partner } from '../partners/partner.entity';
import { assertActive } from '../partners/partner.policy';
import type { ProviderProfileInput } from './provider-authorization.payloads';
import {
  assertIndirectProvider,
  assertMayBecomeProvider,
  assertRegionsMayBeWithdrawn,
  lockPartnerForVendor,
} from './provider-authorization.policy';
import { ProviderAuthorization } from './provider-authorization.entity';
import { ProviderProfile } from '../partners/provider-profile.entity';

const PROFILE_FIELDS = [
  'summary',
  'website',
  'contact',
  'offersTechnicalTraining',
  'offersMarketingHelp',
  'offersFinancing',
  'listed',
] as const;

async function regionsOf(w: WriteContext, providerId: number): Promise<string[]> {
  const rows = await w.manager.find(ProviderAuthorization, {
    where: { providerId },
    order: { regionCode: 'ASC' },
  });
  return rows.map((r) => r.regionCode);
}

/** Applies the given fields of a profile input; omitted ones (and null for required ones) stay. */
function applyProfile(profile: ProviderProfile, input: ProviderProfileInput | null | undefined) {
  if (!input) return;
  if (input.summary != null) profile.summary = input.summary.trim();
  if (input.website !== undefined) profile.website = input.website;
  if (input.contact !== undefined) {
    profile.contact = input.contact
      ? {
          name: input.contact.name.trim(),
          email: normalizeEmail(input.contact.email),
          phone: input.contact.phone.trim(),
        }
      : { name: null, email: null, phone: null };
  }
  if (input.offersTechnicalTraining != null)
    profile.offersTechnicalTraining = input.offersTechnicalTraining;
  if (input.offersMarketingHelp != null) profile.offersMarketingHelp = input.offersMarketingHelp;
  if (input.offersFinancing != null) profile.offersFinancing = input.offersFinancing;
  if (input.listed != null) profile.listed = input.listed;
}

async function insertRegions(w: WriteContext, providerId: number, regionCodes: string[]) {
  if (regionCodes.length === 0) return;
  await w.manager.insert(
    ProviderAuthorization,
    regionCodes.map((regionCode) => ({
      providerId,
      regionCode,
      authorizedAt: w.now,
      authorizedByUserId: w.viewer.userId,
    })),
  );
}

/**
 * R-06: the vendor makes an ACTIVE partner (R-04's PARTNER_NOT_ACTIVE otherwise) an indirect
 * provider in the given CSP regions, with a directory profile; it appears in the public
 * provider directory at once when listed.
 */
export async function authorizeIndirectProvider(
  w: WriteContext,
  partnerId: number,
  regionCodes: string[],
  profileInput: ProviderProfileInput | null | undefined,
): Promise<Partner> {
  const partner = await lockPartnerForVendor(w, partnerId);
  assertActive(partner, 'input.partnerId');
  await assertMayBecomeProvider(w, partner);
  const oldKind = partner.kind;
  const oldRegions = await regionsOf(w, partner.id);

  partner.kind = PartnerKind.INDIRECT_PROVIDER;
  partner.updatedAt = w.now;
  await w.manager.update(Partner, { id: partner.id }, { kind: partner.kind, updatedAt: w.now });
  const regions = [...regionCodes].sort();
  await insertRegions(
    w,
    partner.id,
    regions.filter((code) => !oldRegions.includes(code)),
  );

  const existing = await w.manager.findOne(ProviderProfile, { where: { providerId: partner.id } });
  const profile =
    existing ??
    Object.assign(new ProviderProfile(), {
      providerId: partner.id,
      summary: '',
      website: null,
      contact: { ...partner.supportContact },
      offersTechnicalTraining: false,
      offersMarketingHelp: false,
      offersFinancing: false,
      listed: true,
    });
  applyProfile(profile, profileInput);
  profile.updatedAt = w.now;
  await w.manager.save(ProviderProfile, profile);

  await w.audit({
    resourceType: 'Partner',
    resourceId: partner.id,
    oldValue: { kind: oldKind, authorizedRegions: oldRegions },
    newValue: {
      kind: partner.kind,
      authorizedRegions: [...new Set([...oldRegions, ...regions])].sort(),
      providerProfile: snapshot(profile, PROFILE_FIELDS),
    },
    organizations: [partner.id],
  });
  return partner;
}

/**
 * the vendor adds and withdraws CSP regions of an indirect provider. Regions it has
 * already, or does not have, are left alone; when nothing changes nothing is recorded.
 */
export async function updateIndirectProviderRegions(
  w: WriteContext,
  partnerId: number,
  add: readonly string[],
  remove: readonly string[],
): Promise<Partner> {
  const partner = await lockPartnerForVendor(w, partnerId);
  assertIndirectProvider(partner);
  const before = await regionsOf(w, partner.id);
  const added = add.filter((code) => !before.includes(code));
  const withdrawn = remove.filter((code) => before.includes(code));
  const after = [...before.filter((code) => !withdrawn.includes(code)), ...added].sort();
  await assertRegionsMayBeWithdrawn(w, partner, withdrawn, after);
  if (added.length === 0 && withdrawn.length === 0) return partner;
  await insertRegions(w, partner.id, added);
  for (const regionCode of withdrawn)
    await w.manager.delete(ProviderAuthorization, { providerId: partner.id, regionCode });
  await w.audit({
    resourceType: 'Partner',
    resourceId: partner.id,
    oldValue: { authorizedRegions: before },
    newValue: { authorizedRegions: after },
    organizations: [partner.id],
  });
  return partner;
}

/**
 * the provider's directory profile; changes go through the vendor (seed 002), which is
 * why only a VENDOR_ADMIN makes them. Unchanged values record nothing.
 */
export async function updateProviderProfile(
  w: WriteContext,
  partnerId: number,
  input: ProviderProfileInput,
): Promise<Partner> {
  const partner = await lockPartnerForVendor(w, partnerId);
  assertIndirectProvider(partner);
  const profile =
    (await w.manager.findOne(ProviderProfile, { where: { providerId: partner.id } })) ??
    Object.assign(new ProviderProfile(), {
      providerId: partner.id,
      summary: '',
      website: null,
      contact: { name: null, email: null, phone: null },
      offersTechnicalTraining: false,
      offersMarketingHelp: false,
      offersFinancing: false,
      listed: true,
      updatedAt: w.now,
    });
  const before = snapshot(profile, PROFILE_FIELDS);
  applyProfile(profile, input);
  const after = snapshot(profile, PROFILE_FIELDS);
  if (JSON.stringify(before) === JSON.stringify(after)) return partner;
  profile.updatedAt = w.now;
  await w.manager.save(ProviderProfile, profile);
  await w.audit({
    resourceType: 'Partner',
    resourceId: partner.id,
    oldValue: { providerProfile: before },
    newValue: { providerProfile: after },
    organizations: [partner.id],
  });
  return partner;
}
