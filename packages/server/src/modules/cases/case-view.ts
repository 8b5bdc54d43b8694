import type { TCase, TStageClock, TTimelineEntry } from '@onegrid/core/api/cases'
import type { TCatalogRules } from '@onegrid/core/api/catalog'
import type { CaseFacts } from '@onegrid/core/cases/machine'
import { allowedActions } from '@onegrid/core/cases/machine'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import { NotFound, text } from '../../platform/http/errors.ts'
import { type ClockColumns, caseClocks } from './case-clock.ts'
import { canSee, caseActor } from './policy.ts'
import type { CasePorts } from './ports.ts'
import { type CaseParts, type CaseRow, type EventRow, presentAttachment, presentSummary } from './queries.ts'

export const caseText = text('案件', 'Case')

export type KnownParts = CaseParts

/** What the state machine needs to know of a stored case. */
export function factsOf(c: CaseRow, rules: TCatalogRules, upstream = false): CaseFacts {
  return {
    upstream,
    status: c.status,
    level: c.level,
    selfHandleAllowed: rules.selfHandle,
    photoRequired: rules.photoRequired,
    suspended: c.suspended,
    pendingExtension: c.pendingExtension,
    pendingSuspension: c.pendingSuspension,
    supervised: c.supervised,
    reworkCount: c.reworkCount,
  }
}

export function clockEvents(events: readonly EventRow[]) {
  return events.flatMap((e) => (e.clock ? [{ at: e.at, effect: e.clock }] : []))
}

/** getCase: the case as the caller may see it, with timeline, clocks and the actions they may take. */
export class CaseView {
  constructor(private readonly ports: CasePorts) {}

  async visibleRow(p: UserPrincipal, id: number): Promise<CaseRow> {
    const row = await this.ports.queries.row(id)
    if (!row || !canSee(p, row)) throw new NotFound(caseText, String(id))
    return row
  }

  /** The row and everything the case holds, read at once; 404 when the caller may not see it. */
  async visibleCase(p: UserPrincipal, id: number): Promise<{ row: CaseRow; parts: CaseParts }> {
    const found = await this.ports.queries.whole(id)
    if (!found || !canSee(p, found.row)) throw new NotFound(caseText, String(id))
    return found
  }

  async get(p: UserPrincipal, id: number): Promise<TCase> {
    const { row, parts } = await this.visibleCase(p, id)
    return this.present(p, row, parts)
  }

  /**
   * The case for the caller; parts the caller already holds (a new case's one event, the clocks a
   * step just ran at this moment) are not read or computed again.
   */
  async present(
    p: UserPrincipal,
    row: CaseRow,
    known: Partial<KnownParts> & { clocks?: ClockColumns } = {},
  ): Promise<TCase> {
    const { queries, clock } = this.ports
    const now = clock.now()
    const [rules, events, attachments, merged, cal] = await Promise.all([
      queries.rules(row.itemVersionId),
      known.events ?? queries.events(row.id),
      known.attachments ?? queries.attachments({ caseId: row.id }),
      known.merged ?? queries.mergedInto(row.id),
      this.ports.calendar(),
    ])
    const clocks = known.clocks ?? caseClocks(cal, rules, row.urgency, clockEvents(events), now)
    const byEvent = new Map<number, TTimelineEntry['attachments']>()
    for (const a of attachments) {
      if (a.eventId === null) continue
      const list = byEvent.get(a.eventId) ?? []
      list.push(presentAttachment(a))
      byEvent.set(a.eventId, list)
    }
    const actor = caseActor(p, row)
    const suggested = await this.suggestion(row)
    return {
      ...presentSummary(row, now),
      description: row.description,
      itemVersion: row.itemVersion,
      occurredAt: row.occurredAt?.toISOString() ?? null,
      reporter: {
        kind: row.reporterKind,
        name: row.reporterKind === 'staff' ? row.reporterUserName : row.reporterNameMasked,
        phone: row.reporterPhoneMasked,
      },
      fields: row.fields,
      satisfaction: row.satisfaction,
      externalRef: row.externalRef,
      clocks: clocks.clocks.map(
        (c): TStageClock => ({
          stage: c.stage,
          startedAt: c.startedAt.toISOString(),
          stoppedAt: c.stoppedAt?.toISOString() ?? null,
          deadline: c.deadline.toISOString(),
          paused: c.paused,
          runs: c.runs,
          light: c.light,
          onTime: c.onTime,
        }),
      ),
      timeline: events.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        action: e.action as TTimelineEntry['action'],
        actor: e.actorName,
        role: e.role as TTimelineEntry['role'],
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        note: e.note,
        data: e.data,
        attachments: byEvent.get(e.id) ?? [],
      })),
      attachments: attachments.map(presentAttachment),
      allowedActions: allowedActions(factsOf(row, rules, this.ports.escalatesUpstream === true), actor),
      merged: merged.map((m) => ({
        id: m.id,
        code: m.code,
        channel: m.channel,
        reportedAt: m.reportedAt.toISOString(),
      })),
      suggestedHandler: suggested,
    }
  }

  /** Where the catalog's routing rule sends the case, for the dispatch form (only while it is to be dispatched). */
  private async suggestion(row: CaseRow): Promise<TCase['suggestedHandler']> {
    if (row.status !== 'registered' && row.status !== 'returned') return null
    const route = await this.ports.route(row.itemCode, row.areaCode).catch(() => null)
    if (!route) return null
    return {
      body: route.body,
      level: route.level,
      unitId: route.unit?.id ?? null,
      unitName: route.unit?.name ?? null,
      userId: null,
      userName: null,
    }
  }
}
