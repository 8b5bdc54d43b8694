import type { TRefusalDetails, ZAdmissionCheck } from '@onegrid/core/api/catalog'
import { checkFieldValues } from '@onegrid/core/catalog/field-values'
import type { z } from 'zod'
import type { Principal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { type LocalText, NotAdmitted, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { CatalogQueries, CurrentItem } from './queries.ts'
import { itemText } from './service.ts'
import type { CatalogStore } from './store.ts'

export type Admitted = {
  admitted: true
  itemCode: string
  versionId: number
  /** The version's number (versionId is its row). */
  version: number
  selfHandle: boolean
  photoRequired: boolean
}

/** How many admitted items a refusal suggests instead. */
const alternativesShown = 5

/**
 * 准入 and 回绝: whether a report of an item may be taken in. Every intake
 * (field app, hotline, citizen page, Open311) asks this first; a refused item
 * answers 422 with the reason and admitted alternatives, and the refusal is
 * counted so the leading group sees what people keep asking for.
 */
export class AdmissionService {
  /** Current items as last read, by code; see `current`. */
  private readonly items = new Map<string, { item: CurrentItem; at: number; generation: number }>()

  constructor(
    private readonly store: CatalogStore,
    private readonly queries: CatalogQueries,
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
  ) {}

  async check(principal: Principal, input: z.output<typeof ZAdmissionCheck>): Promise<Admitted> {
    const item = await this.current(input.itemCode)
    if (!item) throw new NotFound(itemText, input.itemCode)
    const { rules } = item
    if (item.retired || !rules.admission.admitted) {
      const reason: LocalText = item.retired
        ? text('该事项已停用，请选择其他事项', 'This item is retired; choose another one')
        : text(rules.admission.refusalReason ?? '', rules.admission.refusalReason ?? '')
      const alternatives = await this.queries.admittedNear(item.majorCode, alternativesShown)
      await this.store.transaction((trx) =>
        this.store.recordRefusal(
          trx,
          {
            itemCode: item.code,
            versionId: item.versionId,
            channel: input.channel,
            areaCode: input.areaCode ?? null,
            actorId: principal.kind === 'user' ? principal.userId : null,
          },
          this.clock.now(),
        ),
      )
      const details: TRefusalDetails = {
        itemCode: item.code,
        itemName: rules.name,
        reason: reason.zh,
        alternatives,
      }
      throw new NotAdmitted(
        text(
          `「${rules.name}」不属于网格事项准入清单，不予受理：${reason.zh}`,
          `"${rules.name}" is not admitted to grid work: ${reason.en}`,
        ),
        details,
      )
    }
    if (input.fields) {
      const problems = checkFieldValues(rules.fields, input.fields, 'report')
      if (Object.keys(problems).length > 0)
        throw new ValidationError(
          Object.fromEntries(Object.entries(problems).map(([k, p]) => [`fields.${k}`, text(p.zh, p.en)])),
        )
    }
    return {
      admitted: true,
      itemCode: item.code,
      versionId: item.versionId,
      version: item.version,
      selfHandle: rules.selfHandle,
      photoRequired: rules.photoRequired,
    }
  }

  /**
   * The item as it is now. Every report asks, so an item is kept for `ttlMs`
   * like the working calendar: another instance's edit reaches this one within
   * that time, this instance's own edits at once. The case records the version
   * it was admitted under either way.
   */
  private async current(code: string): Promise<CurrentItem | undefined> {
    const now = this.clock.now().getTime()
    const kept = this.items.get(code)
    if (kept && kept.generation === this.store.generation && Math.abs(now - kept.at) < this.ttlMs)
      return kept.item
    const generation = this.store.generation
    const item = await this.queries.item(code)
    if (item) this.items.set(code, { item, at: now, generation })
    return item
  }
}
