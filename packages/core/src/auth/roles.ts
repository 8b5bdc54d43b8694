/**
 * Roles and what they may do: the declarative permission matrix every policy
 * reads. Where a role may do it is the assignment's scope (an area or a unit),
 * never part of the role itself.
 */
export const roles = [
  'grid_worker',
  'grid_leader',
  'supervisor',
  'operator',
  'dispatcher',
  'shift_leader',
  'dept_handler',
  'leader',
  'admin',
] as const
export type Role = (typeof roles)[number]

export const roleNames: Record<Role, { zh: string; en: string }> = {
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  grid_leader: { zh: '网格长', en: 'Grid leader' },
  supervisor: { zh: '监督员', en: 'Supervisor' },
  operator: { zh: '受理员', en: 'Operator' },
  dispatcher: { zh: '派遣员', en: 'Dispatcher' },
  shift_leader: { zh: '值班长', en: 'Shift leader' },
  dept_handler: { zh: '处置人员', en: 'Department handler' },
  leader: { zh: '领导', en: 'Leader' },
  admin: { zh: '系统管理员', en: 'Administrator' },
}

export const permissions = [
  /** See one's own background jobs and subscribe to live events of one's scope. */
  'workspace.use',
  /** List staff accounts within one's scope. */
  'users.read',
  /** Create and update staff accounts within one's scope. */
  'users.manage',
  /** Grant and revoke role assignments within one's scope. */
  'roles.assign',
  /** Read the audit log of one's scope. */
  'audit.read',
  /** Issue and revoke API keys for machine clients. */
  'apikeys.manage',
  /** Reveal masked personal data (each reveal is audited). */
  'pii.reveal',
  /** Import, redraw and edit the attributes of areas and grids within one's scope. */
  'areas.manage',
  /** Put staff on grids and keep grid workers' training and qualification records. */
  'gridstaff.manage',
  /** Edit the event catalog and its admission list, import and export it. District-wide scope only. */
  'catalog.manage',
  /** Enter holidays, make-up working days and working hours. District-wide scope only. */
  'calendar.manage',
  /** Find and read persons, households and places of the registry within one's scope (masked). */
  'registry.read',
  /** Add and correct registry records within one's scope. */
  'registry.manage',
  /** See special-group members, their typed records and risk levels, and set them (特殊人群). */
  'registry.special',
  /** Import and export the registry in bulk. */
  'registry.import',
  /** Do one's own field work: patrol, check in, record visits (巡查、签到、走访). */
  'fieldwork.do',
  /** See field work within one's scope: tracks, check-ins, coverage, visits, on-duty positions. */
  'fieldwork.read',
  /** Set the visit plans' rates (五必访, 日访十户). District-wide scope only. */
  'fieldwork.plan',
  /** Read the statistics, rankings, dashboard and bulletins of one's scope (area or department). */
  'stats.read',
  /** Generate and archive bulletins (通报) of one's scope. */
  'bulletins.manage',
  /** Set the assessment's weights and bands and publish monthly assessments (考核). District-wide scope only. */
  'assessment.manage',
  /** Export filtered case lists (CSV, XLSX, GeoJSON) of one's jurisdiction. */
  'cases.export',
  /** See the messages to other systems (12345 callbacks, notifications) and retry dead ones. District-wide scope only. */
  'integrations.manage',
  /** Approve residents' photos before the public map shows them. */
  'citizen.moderate',
  /** Send campaigns and instructions down the grid network and close them (专项任务、指令下达). */
  'campaigns.manage',
  /** See campaigns, their items and progress within one's scope. */
  'campaigns.read',
  /** Hand a grid's campaign items to another of its workers (the grid leader). */
  'campaigns.assign',
  /** See whistles (吹哨报到) of one's scope, or summoning one's department. */
  'whistles.read',
  /** Blow the whistle: summon departments to a place of one's jurisdiction, record arrivals, close it. */
  'whistles.raise',
  /** Answer a whistle for one's department: acknowledge (报到) and check in on site. */
  'whistles.answer',
  /** Escalate an unanswered whistle (the center). */
  'whistles.escalate',
] as const
export type Permission = (typeof permissions)[number]

const everyone: Permission[] = ['workspace.use', 'stats.read', 'whistles.read']

export const permissionMatrix: Record<Role, readonly Permission[]> = {
  // Grid workers know their grid's households and call them: they read, correct and reveal (each reveal audited).
  grid_worker: [
    ...everyone,
    'pii.reveal',
    'registry.read',
    'registry.manage',
    'registry.special',
    'fieldwork.do',
    'fieldwork.read',
    'campaigns.read',
    'whistles.raise',
  ],
  grid_leader: [
    ...everyone,
    'users.read',
    'pii.reveal',
    'registry.read',
    'registry.manage',
    'registry.special',
    'registry.import',
    'fieldwork.do',
    'fieldwork.read',
    'campaigns.read',
    'campaigns.assign',
    'whistles.raise',
  ],
  supervisor: [...everyone, 'fieldwork.read', 'campaigns.read'],
  operator: [...everyone, 'pii.reveal', 'registry.read', 'citizen.moderate'],
  dispatcher: [...everyone],
  shift_leader: [
    ...everyone,
    'cases.export',
    'users.read',
    'pii.reveal',
    'registry.read',
    'fieldwork.read',
    'bulletins.manage',
    'citizen.moderate',
    'campaigns.manage',
    'campaigns.read',
    'whistles.raise',
    'whistles.escalate',
  ],
  dept_handler: [...everyone, 'whistles.answer'],
  leader: [
    ...everyone,
    'cases.export',
    'users.read',
    'audit.read',
    'registry.read',
    'registry.special',
    'fieldwork.read',
    'bulletins.manage',
    'assessment.manage',
    'campaigns.manage',
    'campaigns.read',
    'whistles.escalate',
  ],
  admin: [
    ...everyone,
    'users.read',
    'users.manage',
    'roles.assign',
    'audit.read',
    'apikeys.manage',
    'pii.reveal',
    'areas.manage',
    'gridstaff.manage',
    'catalog.manage',
    'calendar.manage',
    'registry.read',
    'registry.manage',
    'registry.special',
    'registry.import',
    'fieldwork.read',
    'fieldwork.plan',
    'bulletins.manage',
    'assessment.manage',
    'integrations.manage',
    'cases.export',
    'citizen.moderate',
    'campaigns.manage',
    'campaigns.read',
    'campaigns.assign',
    'whistles.raise',
    'whistles.escalate',
  ],
}

/** Roles whose scope is an area of the grid network; the others are scoped to a unit (department, platform, team). */
export const areaScopedRoles: readonly Role[] = [
  'grid_worker',
  'grid_leader',
  'supervisor',
  'operator',
  'dispatcher',
  'shift_leader',
  'leader',
  'admin',
]

export function permissionsOf(held: readonly Role[]): Permission[] {
  return [...new Set(held.flatMap((r) => permissionMatrix[r]))].sort()
}

/** API-key scopes for machine clients (12345 platform, Open311 apps, superior platform). */
export const apiKeyScopes = ['open311', 'hotline', 'upstream', 'exchange', 'machine'] as const
export type ApiKeyScope = (typeof apiKeyScopes)[number]

export const unitKinds = ['department', 'platform', 'joint_team'] as const
export type UnitKind = (typeof unitKinds)[number]
