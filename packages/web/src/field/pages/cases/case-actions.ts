import type { Role } from '@onegrid/core/auth/roles'
import {
  type ActionPayload,
  allowedActions,
  applyDecision,
  type CaseFacts,
  decide,
} from '@onegrid/core/cases/machine'
import type { CaseAction, CaseStatus } from '@onegrid/core/cases/states'
import type { TCaseActionRequest, TCaseSummary } from '../../../shared/api/cases.ts'

/** The steps a worker takes on the phone; the others (dispatch, close …) belong to the console. */
export const fieldActions = ['sign', 'handle', 'verify', 'return'] as const satisfies readonly CaseAction[]
export type FieldAction = (typeof fieldActions)[number]

/** Who is signed in, as far as the state machine needs to know. */
export interface Me {
  userId: number
  /** Roles held in an area (ltree path of the area). */
  areaRoles: readonly { role: Role; path: string }[]
  /** Roles held for a unit (a department handler's). */
  unitRoles: readonly { role: Role; unitId: number }[]
}

/** The signed-in user's roles by where they hold them (getMe's assignments). */
export function meOf(user: {
  id: number
  assignments: readonly { role: Role; areaCode: string | null; unitId: number | null }[]
}): Me {
  return {
    userId: user.id,
    areaRoles: user.assignments.flatMap((a) =>
      a.areaCode ? [{ role: a.role, path: pathOfCode(a.areaCode) }] : [],
    ),
    unitRoles: user.assignments.flatMap((a) =>
      a.unitId !== null ? [{ role: a.role, unitId: a.unitId }] : [],
    ),
  }
}

/** An area's ltree path from its code: the codes nest (district 6, street 9, community 12, grid 15 digits). */
export function pathOfCode(code: string): string {
  return [6, 9, 12, 15]
    .filter((n) => n <= code.length)
    .map((n) => code.slice(0, n))
    .join('.')
}

const within = (path: string, scope: string) => path === scope || path.startsWith(`${scope}.`)

/** The facts of a case as its summary tells them (the catalog rules are the server's to check). */
export function factsOf(c: Pick<TCaseSummary, 'status' | 'level' | 'flags'>): CaseFacts {
  return {
    status: c.status,
    level: c.level,
    selfHandleAllowed: false,
    photoRequired: false,
    suspended: c.flags.suspended,
    pendingExtension: c.flags.pendingExtension,
    pendingSuspension: c.flags.pendingSuspension,
    supervised: c.flags.supervised,
    reworkCount: c.flags.reworkCount,
  }
}

/** The caller as the state machine sees them for this case (as the server's caseActor does). */
export function actorFor(
  me: Me,
  c: Pick<TCaseSummary, 'areaCode' | 'handler'> & {
    flags?: { selfHandled: boolean }
    reportedByMe?: boolean
  },
) {
  const path = pathOfCode(c.areaCode)
  const forUnit = me.unitRoles.some((u) => u.unitId === c.handler?.unitId)
  const isHandler = forUnit || (c.handler?.userId ?? null) === me.userId
  const roles = new Set<Role>()
  for (const a of me.areaRoles)
    if (within(path, a.path) || (isHandler && a.role !== 'admin')) roles.add(a.role)
  for (const u of me.unitRoles) if (u.unitId === c.handler?.unitId) roles.add(u.role)
  // Nobody verifies their own work: what they handle, or what they reported and handled on the spot.
  const handledIt = isHandler || (c.flags?.selfHandled === true && c.reportedByMe === true)
  return { roles: [...roles], isHandler, handledIt }
}

export interface QueuedAction {
  action: CaseAction
  passed?: boolean | undefined
}

/**
 * The case as it will be once the actions queued on the phone are done: its status and version
 * (each step adds one), by the same transition function the server runs. Offline, a worker who
 * signed for a case can go on and report it handled.
 */
export function projected(
  c: Pick<TCaseSummary, 'status' | 'level' | 'flags' | 'version' | 'areaCode' | 'handler'> & {
    reportedByMe?: boolean
  },
  me: Me,
  queued: readonly QueuedAction[],
): { facts: CaseFacts; version: number } {
  let facts = factsOf(c)
  let version = c.version
  const actor = actorFor(me, c)
  for (const q of queued) {
    const payload: ActionPayload = { note: 'x', reason: 'xx', photos: 1 }
    if (q.passed !== undefined) payload.passed = q.passed
    const decision = decide(facts, actor, q.action, payload)
    if (!decision.ok) break
    facts = applyDecision(facts, decision)
    version += 1
  }
  return { facts, version }
}

/** The field actions the caller may take now (after what is queued), in the order of the loop. */
export function availableActions(
  c: Pick<TCaseSummary, 'status' | 'level' | 'flags' | 'version' | 'areaCode' | 'handler'> & {
    reportedByMe?: boolean
  },
  me: Me,
  queued: readonly QueuedAction[] = [],
  /** The server's answer (getCase's allowedActions) when there is one and nothing is queued. */
  serverAllowed?: readonly CaseAction[],
): FieldAction[] {
  const allowed =
    serverAllowed && queued.length === 0
      ? serverAllowed
      : allowedActions(projected(c, me, queued).facts, actorFor(me, c))
  return fieldActions.filter((a) => allowed.includes(a))
}

export interface ActionInput {
  action: FieldAction
  passed?: boolean
  note?: string
  reason?: string
  /** handle: values of the item's handling form (处置表单). */
  fields?: Record<string, unknown>
}

/**
 * The performCaseAction body: the action, the version the worker saw (after their queued steps), and
 * its payload; photos are appended to `attachmentIds` by the queue once uploaded.
 */
export function actionBody(input: ActionInput, expectedVersion: number): TCaseActionRequest {
  const body: TCaseActionRequest = { action: input.action, expectedVersion, attachmentIds: [] }
  const note = input.note?.trim()
  const reason = input.reason?.trim()
  if (input.action === 'verify') body.passed = input.passed === true
  if (note) body.note = note
  if (reason && input.action === 'return') body.reason = reason
  if (input.action === 'handle' && input.fields && Object.keys(input.fields).length > 0)
    body.fields = { ...input.fields }
  return body
}

/** What an action needs before it can be queued (the server's checks, made on the phone). */
export function actionProblems(
  input: ActionInput,
  photos: number,
): ('passed' | 'note' | 'reason' | 'photo')[] {
  const problems: ('passed' | 'note' | 'reason' | 'photo')[] = []
  if (input.action === 'verify') {
    if (input.passed === undefined) problems.push('passed')
    if (photos === 0) problems.push('photo')
    if (input.passed === false && !input.note?.trim()) problems.push('note')
  }
  if (input.action === 'handle') {
    if (!input.note?.trim()) problems.push('note')
    if (photos === 0) problems.push('photo')
  }
  if (input.action === 'return' && (input.reason?.trim().length ?? 0) < 2) problems.push('reason')
  return problems
}

/** Statuses in which a case is closed for the worker (nothing more to do on the phone). */
export const doneStatuses: readonly CaseStatus[] = ['closed', 'archived', 'rejected', 'merged']
