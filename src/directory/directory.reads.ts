import type { GraphQLResolveInfo } from 'graphql';
import type { ListSource } from '../core/list-query';
import { connectionNodeEdges, type FieldColumns } from '../core/selected-columns';
import { containsText, inList, sql, Sql } from '../db/sql';
import type { ConnectionData } from '../core/connection';
import type { RequestContext } from '../core/request-context';
import { listConnection } from '../core/list-connection';
import type { PageRequest } from '../core/pagination';
import { Organization } from '../organizations/organization.entity';
import type { Partner } from '../partners/partner.entity';
import { directoryEntry, regionsOfCodes, type ProviderDirectoryEntry } from './directory.types';
import { ProviderProfile } from '../partners/provider-profile.entity';

export interface DirectoryFilter {
  /** Authorized in any of these regions. */
  regionCodes?: string[];
  countryCode?: string;
  name?: string;
}

const DIRECTORY_ORGANIZATION_COLUMNS = ['name', 'country_code'];

/** The columns each ProviderProfile field reads. */
const PROFILE_COLUMNS: FieldColumns = {
  summary: ['summary'],
  website: ['website'],
  contact: ['contact_name', 'contact_email', 'contact_phone'],
  offersTechnicalTraining: ['offers_technical_training'],
  offersMarketingHelp: ['offers_marketing_help'],
  offersFinancing: ['offers_financing'],
  listed: ['listed'],
  updatedAt: ['updated_at'],
};

/** The entry's profile as an edge for connectionNodeEdges (one object: it keys its cache). */
const PROFILE_EDGE = { profile: PROFILE_COLUMNS };

/**
 * The profile columns the page's entries select, when they select the profile directly; the
 * whole row otherwise (a fragment may ask for any of it).
 */
function profileColumns(info: Pick<GraphQLResolveInfo, 'fieldNodes'> | undefined) {
  if (!info) return null;
  const [profile] = connectionNodeEdges(info, PROFILE_EDGE);
  return profile ? profile.columns : null;
}

/**
 * the public provider directory. Public by design, so no R-30 predicate: it lists active,
 * listed indirect providers and only the fields of their published profile.
 */
export function listDirectory(
  ctx: RequestContext,
  filter: DirectoryFilter,
  req: PageRequest,
  info?: Pick<GraphQLResolveInfo, 'fieldNodes'>,
): Promise<ConnectionData<ProviderDirectoryEntry>> {
  // An entry shows only the provider's name and country (ProviderDirectoryEntry): the rest of
  // the organization row would be parsed and hydrated for nothing.
  const orgs = ctx.hydrator(Organization, 'o', DIRECTORY_ORGANIZATION_COLUMNS);
  const profiles = ctx.hydrator(ProviderProfile, 'pp', profileColumns(info));
  const regions = filter.regionCodes;
  const src: ListSource = {
    from: Sql.raw('organization o JOIN provider_profile pp ON pp.provider_id = o.id'),
    // The regions come with each row (R-06's `authorizedRegions`): one statement for the page
    // instead of a second one for the regions of its providers.
    select: sql`${orgs.columns}, ${profiles.columns},
      (SELECT GROUP_CONCAT(par.region_code) FROM provider_authorization par
       WHERE par.provider_id = o.id) AS authorized_regions`,
    key: 'o.id',
    where: [
      Sql.raw(
        "o.type = 'PARTNER' AND o.kind = 'INDIRECT_PROVIDER' AND o.status = 'ACTIVE' AND pp.listed = 1",
      ),
      regions
        ? regions.length === 0
          ? Sql.raw('1=0')
          : sql`EXISTS (SELECT 1 FROM provider_authorization pa WHERE pa.provider_id = o.id AND pa.region_code IN ${inList(regions)})`
        : undefined,
      filter.countryCode ? sql`o.country_code = ${filter.countryCode}` : undefined,
      filter.name ? containsText('o.name', filter.name) : undefined,
    ],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({
    cursor,
    node: directoryEntry(
      orgs.one(row) as Partner,
      profiles.one(row),
      regionsOfCodes(row.authorized_regions == null ? null : String(row.authorized_regions)),
    ),
  }));
}
