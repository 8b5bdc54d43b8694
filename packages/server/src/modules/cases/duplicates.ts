import type { TCaseSummary, TDuplicates } from '@onegrid/core/api/cases'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { text, ValidationError } from '../../platform/http/errors.ts'
import type { CaseView } from './case-view.ts'
import type { PerformCaseAction } from './perform-action.ts'
import { type CaseQueries, presentSummary } from './queries.ts'

export type DuplicateSettings = { radiusMeters: number; windowDays: number }

/**
 * Duplicates (重复件): open cases of the same kind near a new report are
 * suggested to the operator, who may merge them into one master case. A merge
 * is the state machine's `merge` on each duplicate, so it is checked, versioned
 * and on the timeline like every other step; the master lists its duplicates
 * and their reporters hear of its progress.
 */
export class CaseDuplicates {
  constructor(
    private readonly queries: CaseQueries,
    private readonly view: CaseView,
    private readonly actions: PerformCaseAction,
    private readonly clock: Clock,
    private readonly settings: DuplicateSettings,
  ) {}

  async find(
    p: UserPrincipal,
    q: {
      itemCode?: string | undefined
      lng: number
      lat: number
      radius?: number | undefined
      days?: number | undefined
      excludeId?: number | undefined
    },
  ): Promise<TDuplicates> {
    const radius = q.radius ?? this.settings.radiusMeters
    const days = q.days ?? this.settings.windowDays
    const now = this.clock.now()
    const rows = await this.queries.near(
      p,
      { lng: q.lng, lat: q.lat },
      {
        itemCode: q.itemCode,
        radius,
        since: new Date(now.getTime() - days * 86_400_000),
        excludeId: q.excludeId,
      },
    )
    return { radius, days, cases: rows.map((r) => ({ ...presentSummary(r, now), distance: r.distance })) }
  }

  async merge(
    p: UserPrincipal,
    actor: Actor,
    input: { masterId: number; duplicateIds: number[]; note?: string | undefined },
  ): Promise<{ master: TCaseSummary; merged: TCaseSummary[] }> {
    if (input.duplicateIds.includes(input.masterId))
      throw new ValidationError({
        duplicateIds: text('主案件不能合并到自己', 'The master cannot be merged into itself'),
      })
    const merged: TCaseSummary[] = []
    for (const id of [...new Set(input.duplicateIds)]) {
      const row = await this.view.visibleRow(p, id)
      merged.push(
        await this.actions.perform(p, actor, id, {
          action: 'merge',
          expectedVersion: row.version,
          masterCaseId: input.masterId,
          ...(input.note ? { note: input.note } : {}),
          attachmentIds: [],
        }),
      )
    }
    return { master: await this.view.get(p, input.masterId), merged }
  }
}
