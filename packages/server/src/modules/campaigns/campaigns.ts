import type { TArea } from '@onegrid/core/api/areas'
import type {
  TCampaign,
  TCampaignItem,
  TCampaignList,
  TMyCampaignItems,
  ZCampaignItemListQuery,
  ZCampaignListQuery,
  ZCampaignTemplates,
  ZMyCampaignItemsQuery,
  ZReassignCampaignItems,
} from '@onegrid/core/api/campaigns'
import { defaultTemplates } from '@onegrid/core/campaigns/templates'
import type { z } from 'zod'
import { type Actor, pathInScope, type Scope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { Conflict, Forbidden, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { CampaignPorts } from './campaign-ports.ts'
import type { CampaignQueries, CampaignRow, ItemRow } from './campaign-queries.ts'
import type { CampaignStore } from './campaign-store.ts'
import { type Frozen, figuresOf, type GridFigures } from './figures.ts'

type ListInput = z.output<typeof ZCampaignListQuery>
type ItemListInput = z.output<typeof ZCampaignItemListQuery>
type MyInput = z.output<typeof ZMyCampaignItemsQuery>
type ReassignInput = z.output<typeof ZReassignCampaignItems>

export const campaignWord = text('专项任务', 'Campaign')
export const itemWord = text('任务对象', 'Campaign item')
const dayMs = 86_400_000
const closedCaseStatuses = new Set(['closed', 'archived', 'rejected', 'merged'])

/** Grid workers without the leader's right see their own items only. */
export function ownItemsOnly(p: UserPrincipal): boolean {
  return !p.permissions.has('campaigns.assign') && !p.permissions.has('campaigns.manage')
}

/**
 * Campaigns (专项任务): the templates, reading campaigns and their items within one's
 * jurisdiction, the field app's own list, reassignment by the grid leader and closing
 * (which freezes the figures). Creation, submission, progress and export are their
 * own use cases beside this file.
 */
export class CampaignService {
  constructor(
    private readonly ports: CampaignPorts,
    private readonly queries: CampaignQueries,
    private readonly store: CampaignStore,
  ) {}

  templates(): z.output<typeof ZCampaignTemplates> {
    return { items: defaultTemplates.map((t) => ({ ...t, form: { questions: [...t.form.questions] } })) }
  }

  /** A campaign the caller's jurisdiction overlaps; otherwise a 404 (its existence is not told). */
  async visible(p: UserPrincipal, id: number): Promise<CampaignRow> {
    const c = await this.queries.campaign(id)
    if (!c || !overlaps(c.targetPaths, p.scope)) throw new NotFound(campaignWord, String(id))
    return c
  }

  async get(p: UserPrincipal, id: number): Promise<TCampaign> {
    const c = await this.visible(p, id)
    const [presented] = await this.present(p, [c])
    if (!presented) throw new NotFound(campaignWord, String(id))
    return presented
  }

  async list(p: UserPrincipal, q: ListInput): Promise<TCampaignList> {
    const { rows, total } = await this.queries.list(p.scope, {
      status: q.status,
      q: q.q,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    })
    const items = (await this.present(p, rows)).map(({ form: _form, ...rest }) => rest)
    return { items, total, page: q.page, pageSize: q.pageSize }
  }

  /** Per-grid figures of a campaign within a scope: live from the counters, or the frozen copy. */
  async gridFigures(c: CampaignRow, underPath: string, scope: Scope): Promise<GridFigures[]> {
    if (c.frozen) {
      const frozen = c.frozen as Frozen
      return frozen.grids.filter(
        (g) =>
          (g.areaPath === underPath || g.areaPath.startsWith(`${underPath}.`)) &&
          pathInScope(g.areaPath, scope),
      )
    }
    const [counts, cases] = await Promise.all([
      this.queries.gridCounts(c.id, underPath, scope),
      this.queries.hazardCases(c.id, underPath, scope),
    ])
    const states = new Map(
      (await this.ports.caseStates(cases.map((x) => x.caseId))).map((s) => [s.id, s.status]),
    )
    const closedByGrid = new Map<string, number>()
    for (const x of cases)
      if (closedCaseStatuses.has(states.get(x.caseId) ?? ''))
        closedByGrid.set(x.gridCode, (closedByGrid.get(x.gridCode) ?? 0) + 1)
    return counts.map((g) => ({ ...g, hazardCasesClosed: closedByGrid.get(g.gridCode) ?? 0 }))
  }

  /** The campaigns as the caller sees them, figures limited to the caller's jurisdiction. */
  private async present(p: UserPrincipal, rows: readonly CampaignRow[]): Promise<TCampaign[]> {
    if (rows.length === 0) return []
    const now = this.ports.clock.now()
    const names = await this.ports.displayNames([
      ...new Set(rows.flatMap((r) => (r.closedBy === null ? [r.createdBy] : [r.createdBy, r.closedBy]))),
    ])
    const areas = await this.ports.areaNames([...new Set(rows.map((r) => r.areaCode))])
    const out: TCampaign[] = []
    for (const c of rows) {
      const root = c.areaPath.split('.')[0] ?? c.areaPath
      const grids = await this.gridFigures(c, root, p.scope)
      const area = areas.get(c.areaCode)
      const ref = (id: number) => ({ id, name: names.get(id) ?? `#${id}` })
      out.push({
        id: c.id,
        title: c.title,
        purpose: c.purpose,
        issuingUnit: c.issuingUnit,
        issuingArea: { code: c.areaCode, name: area?.name ?? c.areaCode, level: area?.level ?? '' },
        templateKey: c.templateKey,
        priority: c.priority as TCampaign['priority'],
        status: c.status,
        startDate: c.startDate,
        deadlineDate: c.deadlineDate,
        deadlineAt: c.deadlineAt.toISOString(),
        targets: c.targets as TCampaign['targets'],
        form: c.form as TCampaign['form'],
        hazardItemCode: c.hazardItemCode,
        figures: figuresOf(grids, (c.closedAt ?? now).getTime() > c.deadlineAt.getTime()),
        createdBy: ref(c.createdBy),
        createdAt: c.createdAt.toISOString(),
        closedBy: c.closedBy === null ? null : ref(c.closedBy),
        closedAt: c.closedAt ? c.closedAt.toISOString() : null,
      })
    }
    return out
  }

  async items(p: UserPrincipal, id: number, q: ItemListInput) {
    const c = await this.visible(p, id)
    const area = q.areaCode ? await this.areaFilter(p.scope, q.areaCode, 'areaCode') : undefined
    const { rows, total } = await this.queries.items({
      campaignId: c.id,
      scope: p.scope,
      ...(area ? { area } : {}),
      ...(ownItemsOnly(p)
        ? { assigneeId: p.userId }
        : q.assigneeId !== undefined
          ? { assigneeId: q.assigneeId }
          : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.hazard !== undefined ? { hazard: q.hazard } : {}),
      ...(q.overdue ? { overdueAt: this.ports.clock.now() } : {}),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    })
    return { items: await this.presentItems(rows, [c]), total, page: q.page, pageSize: q.pageSize }
  }

  /** The field app's list: my items of active campaigns (open, and done in the last 30 days when asked). */
  async mine(p: UserPrincipal, q: MyInput): Promise<TMyCampaignItems> {
    const now = this.ports.clock.now()
    const { rows } = await this.queries.items({
      scope: p.scope,
      assigneeId: p.userId,
      activeOnly: true,
      ...(q.includeDone ? { doneSince: new Date(now.getTime() - 30 * dayMs) } : { openOnly: true }),
    })
    const campaigns = await this.queries.campaigns([...new Set(rows.map((r) => r.campaignId))])
    return {
      campaigns: campaigns.map((c) => ({
        id: c.id,
        title: c.title,
        purpose: c.purpose,
        issuingUnit: c.issuingUnit,
        priority: c.priority as TCampaign['priority'],
        deadlineDate: c.deadlineDate,
        deadlineAt: c.deadlineAt.toISOString(),
        form: c.form as TCampaign['form'],
        hazardItemCode: c.hazardItemCode,
      })),
      items: await this.presentItems(rows, campaigns),
    }
  }

  /** An item the caller may see: in their jurisdiction (and their own, for a grid worker). */
  async item(p: UserPrincipal, id: number): Promise<{ item: ItemRow; campaign: CampaignRow }> {
    const item = await this.queries.item(id)
    if (!item || !pathInScope(item.areaPath, p.scope)) throw new NotFound(itemWord, String(id))
    const campaign = await this.queries.campaign(item.campaignId)
    if (!campaign) throw new NotFound(itemWord, String(id))
    return { item, campaign }
  }

  async presentItems(rows: readonly ItemRow[], campaigns: readonly CampaignRow[]): Promise<TCampaignItem[]> {
    if (rows.length === 0) return []
    const now = this.ports.clock.now()
    const deadlines = new Map(campaigns.map((c) => [c.id, c.deadlineAt.getTime()]))
    const people = [
      ...new Set(rows.flatMap((r) => [r.assigneeId, r.submittedBy].filter((x): x is number => x !== null))),
    ]
    const [names, grids, photos, cases] = await Promise.all([
      people.length > 0 ? this.ports.displayNames(people) : Promise.resolve(new Map<number, string>()),
      this.ports.areaNames([...new Set(rows.map((r) => r.gridCode))]),
      this.ports.attachments.present(rows.flatMap((r) => r.attachmentIds)),
      this.ports.caseStates(rows.flatMap((r) => (r.caseId === null ? [] : [r.caseId]))),
    ])
    const photoById = new Map(photos.map((a) => [a.id, a]))
    const caseById = new Map(cases.map((c) => [c.id, c]))
    const ref = (id: number | null) => (id === null ? null : { id, name: names.get(id) ?? `#${id}` })
    return rows.map((r) => {
      const deadline = deadlines.get(r.campaignId) ?? Number.POSITIVE_INFINITY
      const kase = r.caseId === null ? undefined : caseById.get(r.caseId)
      return {
        id: r.id,
        campaignId: r.campaignId,
        target: {
          kind: r.targetKind as TCampaignItem['target']['kind'],
          id: r.targetId,
          label: r.targetLabel,
          address: r.targetAddress,
        },
        gridCode: r.gridCode,
        gridName: grids.get(r.gridCode)?.name ?? r.gridCode,
        location: r.lng === null || r.lat === null ? null : { lng: r.lng, lat: r.lat },
        assignee: ref(r.assigneeId),
        status: r.status,
        answers: r.answers as TCampaignItem['answers'],
        hazards: r.hazards,
        attachments: r.attachmentIds.flatMap((id) => {
          const a = photoById.get(id)
          return a ? [a] : []
        }),
        case: kase ? { id: kase.id, code: kase.code, status: kase.status } : null,
        submittedBy: ref(r.submittedBy),
        submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
        doneAt: r.doneAt ? r.doneAt.toISOString() : null,
        overdue:
          (r.status !== 'done' && now.getTime() > deadline) ||
          (r.doneAt !== null && r.doneAt.getTime() > deadline),
        version: r.version,
      }
    })
  }

  /** The grid leader hands items of their grids to another worker or leader posted on each item's grid. */
  async reassign(p: UserPrincipal, actor: Actor, id: number, input: ReassignInput) {
    const c = await this.visible(p, id)
    if (c.status !== 'active')
      throw new Conflict(text('任务已结束，不能再调整', 'The campaign is closed: nothing can be reassigned'))
    const ids = [...new Set(input.itemIds)]
    const found = (await this.queries.itemGrids(c.id, ids)).filter((i) => pathInScope(i.areaPath, p.scope))
    const missing = ids.filter((x) => !found.some((f) => f.id === x))
    if (missing.length > 0) throw new NotFound(itemWord, missing.join(','))
    for (const gridCode of new Set(found.map((f) => f.gridCode)))
      if (!(await this.queries.gridOf(input.assigneeId, gridCode, this.ports.staff)))
        throw new ValidationError({
          assigneeId: text(
            `该人员不是网格 ${gridCode} 的网格员`,
            `This person is not posted on grid ${gridCode}`,
          ),
        })
    const reassigned = await this.store.reassign(
      c.id,
      ids,
      input.assigneeId,
      c.areaPath,
      actor,
      this.ports.clock.now(),
    )
    return { reassigned }
  }

  /** Closes a campaign, freezing every grid's figures; the issuing office (its area in the caller's jurisdiction) only. */
  async close(p: UserPrincipal, actor: Actor, id: number): Promise<TCampaign> {
    const c = await this.visible(p, id)
    if (!pathInScope(c.areaPath, p.scope))
      throw new Forbidden(text('只有下达单位可以结束任务', 'Only the issuing office may close the campaign'))
    if (c.status !== 'active') throw new Conflict(text('任务已结束', 'The campaign is closed already'))
    const now = this.ports.clock.now()
    const whole: Scope = { areaPaths: c.targetPaths, unitIds: [] }
    const root = c.areaPath.split('.')[0] ?? c.areaPath
    const frozen: Frozen = { asOf: now.toISOString(), grids: await this.gridFigures(c, root, whole) }
    if (!(await this.store.close(c.id, frozen, p.userId, c.areaPath, actor, now)))
      throw new Conflict(text('任务已结束', 'The campaign is closed already'))
    return this.get(p, id)
  }

  /**
   * An area a filter names: inside the caller's jurisdiction, or above part of it (a
   * street's user asking for the district sees their street). Elsewhere a 400 on the field.
   */
  async areaFilter(scope: Scope, code: string, field: string): Promise<TArea> {
    const area = await this.ports.area(code).catch(() => null)
    const reaches =
      area !== null &&
      (pathInScope(area.path, scope) || scope.areaPaths.some((s) => s.startsWith(`${area.path}.`)))
    if (!area || !reaches)
      throw new ValidationError({
        [field]: text('区域不存在或不在您的辖区内', 'No such area in your jurisdiction'),
      })
    return area
  }
}

/** Whether a campaign's areas and a jurisdiction overlap (one contains the other). */
export function overlaps(targetPaths: readonly string[], scope: Scope): boolean {
  return targetPaths.some((t) =>
    scope.areaPaths.some((s) => t === s || t.startsWith(`${s}.`) || s.startsWith(`${t}.`)),
  )
}
