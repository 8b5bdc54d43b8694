import type {
  TCampaign,
  TCampaignTargetPreview,
  TCampaignTargets,
  ZCreateCampaign,
} from '@onegrid/core/api/campaigns'
import { formProblems } from '@onegrid/core/campaigns/form'
import { defaultTemplates } from '@onegrid/core/campaigns/templates'
import { addDays, shanghaiDate, shanghaiTime } from '@onegrid/core/time/calendar'
import { type RawBuilder, sql } from 'kysely'
import type { z } from 'zod'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { type LocalText, text, ValidationError } from '../../platform/http/errors.ts'
import type { CampaignPorts } from './campaign-ports.ts'
import { type CampaignStore, firstWorkers } from './campaign-store.ts'
import type { CampaignService } from './campaigns.ts'
import { nthWorkingDay, previousWorkingDay } from './figures.ts'

type CreateInput = z.output<typeof ZCreateCampaign>

/** The catalog item a hazard becomes a case of, when neither the campaign nor the worker names one. */
export const defaultHazardItems: Record<TCampaignTargets['kind'], string> = {
  rental_house: 'ZZ04006', // 群租房、出租屋消防隐患
  household: 'ZZ04006',
  building: 'ZZ04004', // 消防设施器材损坏缺失
  organization: 'ZZ03001', // 企业安全生产一般隐患
  special_group_person: 'ZZ09003', // 独居、空巢老人异常情况
  grid: 'ZZ03013', // 防汛隐患
}

/** "zh / en" as core's form checks word it, as the two texts. */
export function splitText(s: string): LocalText {
  const [zh, en] = s.includes(' / ') ? s.split(' / ', 2) : [s, s]
  return text(zh ?? s, en ?? s)
}

/**
 * createCampaign and previewCampaignTargets. The targets are the objects under the
 * chosen areas cut to the creator's jurisdiction; creation inserts all of them in
 * one INSERT … SELECT (100,000 in a few seconds), each given its grid's first
 * active worker (none: unassigned, the grid leader sees it), with the deadline
 * from the working-day calendar.
 */
export class CreateCampaign {
  constructor(
    private readonly ports: CampaignPorts,
    private readonly store: CampaignStore,
    private readonly campaigns: CampaignService,
  ) {}

  /** The chosen areas cut to the caller's jurisdiction, as paths (an area above it gives the parts inside). */
  private async paths(p: UserPrincipal, codes: readonly string[]) {
    const areas = []
    const paths: string[] = []
    for (const [i, code] of codes.entries()) {
      const area = await this.ports.area(code).catch(() => null)
      const inside = area ? pathInScope(area.path, p.scope) : false
      const below = area ? p.scope.areaPaths.filter((s) => s.startsWith(`${area.path}.`)) : []
      if (!area || (!inside && below.length === 0))
        throw new ValidationError({
          [`targets.areaCodes.${i}`]: text('区域不存在或不在您的辖区内', 'No such area in your jurisdiction'),
        })
      areas.push(area)
      paths.push(...(inside ? [area.path] : below))
    }
    // An area inside another chosen one adds nothing.
    const unique = [...new Set(paths)].filter(
      (x, _, all) => !all.some((y) => y !== x && x.startsWith(`${y}.`)),
    )
    return { areas, paths: unique }
  }

  private source(t: TCampaignTargets, paths: readonly string[]): RawBuilder<unknown> {
    if (t.kind === 'special_group_person' && !t.group)
      throw new ValidationError({
        'targets.group': text('请选择特殊人群类别', 'Choose the special group'),
      })
    if (t.kind === 'grid') return this.ports.grids(paths, t.gridType)
    return this.ports.registry.source(t.kind, {
      paths,
      organizationKinds: t.organizationKinds,
      group: t.group,
      riskLevels: t.riskLevels,
    })
  }

  async preview(p: UserPrincipal, t: TCampaignTargets): Promise<TCampaignTargetPreview> {
    const { areas, paths } = await this.paths(p, t.areaCodes)
    const { rows } = await sql<{ grid_code: string; area_path: string; n: number; worker: number | null }>`
      SELECT s.grid_code, s.area_path::text AS area_path, count(*) AS n, max(w.user_id) AS worker
      FROM (${this.source(t, paths)}) s
      LEFT JOIN (${firstWorkers(this.ports.staff)}) w ON w.area_code = s.grid_code
      GROUP BY s.grid_code, s.area_path`.execute(this.ports.db)
    const under = (path: string, area: string) => path === area || path.startsWith(`${area}.`)
    return {
      total: rows.reduce((n, r) => n + Number(r.n), 0),
      byArea: areas.map((a) => ({
        code: a.code,
        name: a.name,
        count: rows.filter((r) => under(r.area_path, a.path)).reduce((n, r) => n + Number(r.n), 0),
      })),
      grids: new Set(rows.map((r) => r.grid_code)).size,
      gridsWithoutWorker: new Set(rows.filter((r) => r.worker === null).map((r) => r.grid_code)).size,
    }
  }

  async create(p: UserPrincipal, actor: Actor, input: CreateInput): Promise<TCampaign> {
    const problems = formProblems(input.form)
    if (Object.keys(problems).length > 0)
      throw new ValidationError(
        Object.fromEntries(Object.entries(problems).map(([k, v]) => [`form.${k}`, splitText(v)])),
      )
    const template = input.templateKey ? defaultTemplates.find((x) => x.key === input.templateKey) : undefined
    if (input.templateKey && !template)
      throw new ValidationError({ templateKey: text('没有这个任务模板', 'No such template') })
    const now = this.ports.clock.now()
    const cal = await this.ports.calendar()
    const startDate = input.startDate ?? shanghaiDate(now)
    let deadlineDate = input.deadlineDate
    const workingDays = input.workingDays ?? (deadlineDate ? undefined : template?.workingDays)
    if (!deadlineDate && workingDays) deadlineDate = nthWorkingDay(cal, startDate, workingDays)
    if (!deadlineDate)
      throw new ValidationError({
        deadlineDate: text('请给出截止日期或工作日数', 'Give a deadline or a number of working days'),
      })
    if (deadlineDate < startDate)
      throw new ValidationError({
        deadlineDate: text('截止日期不能早于开始日期', 'The deadline is before the start'),
      })
    const { paths } = await this.paths(p, input.targets.areaCodes)
    const source = this.source(input.targets, paths)
    // The issuing level is the creator's area (the first of their jurisdiction).
    const own = p.scope.areaPaths[0]
    const areaCode = own?.split('.').pop()
    if (!own || !areaCode)
      throw new ValidationError({
        targets: text('您的账号没有辖区，不能下达任务', 'Your account has no jurisdiction to issue from'),
      })
    const remindDay = previousWorkingDay(cal, deadlineDate)
    const { id } = await this.store.create(
      {
        districtCode: (own.split('.')[0] ?? areaCode).slice(0, 6),
        areaCode,
        areaPath: own,
        targetPaths: paths,
        issuingUnit: input.issuingUnit,
        title: input.title,
        purpose: input.purpose,
        templateKey: input.templateKey ?? null,
        priority: input.priority,
        startDate,
        deadlineDate,
        deadlineAt: shanghaiTime(addDays(deadlineDate, 1), '00:00'),
        remindAt: shanghaiTime(remindDay < startDate ? startDate : remindDay, '09:00'),
        targets: input.targets,
        form: input.form,
        hazardItemCode: input.hazardItemCode ?? template?.hazardItemCode ?? null,
        createdBy: p.userId,
      },
      source,
      input.targets.kind,
      actor,
      now,
    )
    return this.campaigns.get(p, id)
  }
}
