import { assessmentKinds } from '@onegrid/core/stats/assessment'
import { addDays, shanghaiDate } from '@onegrid/core/time/calendar'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { Conflict } from '../../platform/http/errors.ts'
import type { AssessmentService } from './assessment-service.ts'

/**
 * Demo step: last month's assessment of every kind published by the demo leader, so the console
 * shows a frozen month beside this month's live one. A month already published (a resumed load)
 * is left as it is.
 */
export async function publishDemoAssessments(deps: {
  service: AssessmentService
  clock: Clock
  principal: () => Promise<UserPrincipal | null>
}): Promise<{ month: string; kinds: number; rows: number }> {
  const today = shanghaiDate(deps.clock.now())
  const month = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)
  const p = await deps.principal()
  if (!p) return { month, kinds: 0, rows: 0 }
  const actor: Actor = { userId: p.userId, name: 'demo', ip: null, userAgent: null, requestId: null }
  let kinds = 0
  let rows = 0
  for (const kind of assessmentKinds) {
    try {
      rows += (await deps.service.publish(p, actor, { month, kind })).rows
      kinds++
    } catch (error) {
      if (!(error instanceof Conflict)) throw error
    }
  }
  return { month, kinds, rows }
}
