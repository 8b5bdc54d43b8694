/**
 * What the audit log records. The server can only write these (the type of
 * `recordAudit`), and the console labels and filters by the same list.
 */
export const auditActions = [
  'login.success',
  'login.failure',
  'account.locked',
  'logout',
  'password.change',
  'user.create',
  'user.update',
  'role.assign',
  'role.revoke',
  'apikey.create',
  'apikey.revoke',
  'session.revoke',
  'pii.reveal',
  'gridstaff.assign',
  'gridworker.update',
  'gridworker.training.add',
  'gridworker.qualification.add',
  'grid.redraw',
  'areas.import',
  'grids.attributes.import',
  'catalog.item.create',
  'catalog.item.update',
  'catalog.import',
  'calendar.update',
  'calendar.hours.update',
  'case.report',
  'case.action',
  'case.reporter.reveal',
  'case.party.link',
  'person.create',
  'person.update',
  'person.reveal',
  'person.export',
  'person.group.set',
  'person.risk.set',
  'household.create',
  'registry.import',
  'spotcheck.create',
  'spotcheck.result',
  'spotcheck.close',
  'place.create',
  'place.update',
  'place.reveal',
  'tenancy.create',
  'tenancy.update',
] as const
export type AuditAction = (typeof auditActions)[number]

export const auditEntityTypes = [
  'user',
  'session',
  'api_key',
  'area',
  'catalog_item',
  'calendar',
  'case',
  'person',
  'household',
  'spot_check',
  'building',
  'house',
  'organization',
  'component',
  'camera',
] as const
export type AuditEntityType = (typeof auditEntityTypes)[number]

export const loginFailureReasons = ['wrong_password', 'unknown_user', 'locked', 'disabled'] as const
export type LoginFailureReason = (typeof loginFailureReasons)[number]
