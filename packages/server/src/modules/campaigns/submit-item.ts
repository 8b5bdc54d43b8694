import type { TCampaignItem, TCampaignTargets, ZSubmitCampaignItem } from '@onegrid/core/api/campaigns'
import { type Answers, checkAnswers } from '@onegrid/core/campaigns/form'
import type { z } from 'zod'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import { Conflict, Forbidden, text, ValidationError } from '../../platform/http/errors.ts'
import type { CampaignPorts } from './campaign-ports.ts'
import type { CampaignQueries, CampaignRow, ItemRow } from './campaign-queries.ts'
import type { CampaignStore } from './campaign-store.ts'
import type { CampaignService } from './campaigns.ts'
import { defaultHazardItems, splitText } from './create-campaign.ts'

type SubmitInput = z.output<typeof ZSubmitCampaignItem>

/** A submission may be dated a little ahead of the server's clock (a phone's clock runs fast) … */
const aheadMs = 5 * 60_000

const closedCampaign = () =>
  new Conflict(text('任务已结束，不再接收提交', 'The campaign is closed: submissions are refused'))

/**
 * submitCampaignItem: a partial save (进行中) or the item done, checked by the one
 * answer check the field app also runs; photos and signatures must be the caller's
 * uploads. A hazard answer becomes a case in the closed loop with `reportHazard`
 * (channel grid worker, the item's place and photos), linked back: at most one case
 * per item, a resend returns the one it made (the case's intake key is the item).
 */
export class SubmitCampaignItem {
  constructor(
    private readonly ports: CampaignPorts,
    private readonly queries: CampaignQueries,
    private readonly store: CampaignStore,
    private readonly campaigns: CampaignService,
  ) {}

  async submit(p: UserPrincipal, actor: Actor, id: number, input: SubmitInput): Promise<TCampaignItem> {
    const { item, campaign } = await this.campaigns.item(p, id)
    if (item.assigneeId !== p.userId && !p.permissions.has('campaigns.assign'))
      throw new Forbidden(text('这不是分派给您的任务对象', 'This item is not assigned to you'))
    if (campaign.status !== 'active') throw closedCampaign()
    const now = this.ports.clock.now()
    const at = input.at ? new Date(input.at) : now
    if (at.getTime() > now.getTime() + aheadMs)
      throw new ValidationError({ at: text('完成时间不能晚于现在', 'The time cannot be in the future') })
    const check = checkAnswers(campaign.form, input.answers as Answers, input.complete)
    if (Object.keys(check.problems).length > 0)
      throw new ValidationError(
        Object.fromEntries(Object.entries(check.problems).map(([k, v]) => [k, splitText(v)])),
      )
    if (input.reportHazard && check.hazards.length === 0 && item.caseId === null)
      throw new ValidationError({
        reportHazard: text('没有选择发现隐患的答案', 'No answer reports a hazard'),
      })
    const attachmentIds = [...new Set(check.attachmentIds)]
    await this.requireOwnUploads(p, item, attachmentIds)
    const saved = await this.store.submit(
      {
        itemId: item.id,
        status: input.complete ? 'done' : 'in_progress',
        answers: check.kept,
        hazards: check.hazards,
        attachmentIds,
        submittedBy: p.userId,
        submittedAt: now,
        doneAt: input.complete ? at : null,
        location: input.location,
      },
      actor,
      now,
    )
    if (saved === 'closed') throw closedCampaign()
    if (input.reportHazard && item.caseId === null)
      await this.reportHazard(p, actor, item, campaign, input.reportHazard, attachmentIds)
    const fresh = await this.queries.item(item.id)
    if (!fresh) throw new Error(`campaign item ${item.id} vanished`)
    const [presented] = await this.campaigns.presentItems([fresh], [campaign])
    if (!presented) throw new Error(`campaign item ${item.id} not presented`)
    return presented
  }

  private async reportHazard(
    p: UserPrincipal,
    actor: Actor,
    item: ItemRow,
    campaign: CampaignRow,
    hazard: NonNullable<SubmitInput['reportHazard']>,
    attachmentIds: readonly number[],
  ): Promise<void> {
    const kind = (campaign.targets as TCampaignTargets).kind
    const photos = (await this.ports.attachments.owners(attachmentIds))
      .filter((a) => a.caseId === null && a.uploadedBy === p.userId)
      .map((a) => a.id)
    const made = await this.ports.reportCase(
      p,
      actor,
      {
        itemCode: hazard.itemCode ?? campaign.hazardItemCode ?? defaultHazardItems[kind],
        channel: 'grid_worker',
        title: `${campaign.title}：${item.targetLabel}`.slice(0, 80),
        description: hazard.description,
        ...(item.targetAddress ? { address: item.targetAddress.slice(0, 200) } : {}),
        // The item's grid places the case; its point (when known) marks it on the map.
        gridCode: item.gridCode,
        ...(item.lng !== null && item.lat !== null ? { location: { lng: item.lng, lat: item.lat } } : {}),
        attachmentIds: photos.slice(0, 20),
      },
      `campaign-item:${item.id}`,
    )
    await this.store.linkCase(item.id, made.id, actor, this.ports.clock.now())
  }

  /** Photos and signatures the caller uploaded, not used elsewhere (this item's own and its case's are fine). */
  private async requireOwnUploads(p: UserPrincipal, item: ItemRow, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return
    const owners = new Map((await this.ports.attachments.owners(ids)).map((a) => [a.id, a]))
    const taken = new Set(await this.queries.takenAttachments(ids, item.id))
    const mine = new Set(item.attachmentIds)
    const bad = ids.filter((aid) => {
      const a = owners.get(aid)
      if (!a || taken.has(aid)) return true
      if (mine.has(aid)) return false
      return a.uploadedBy !== p.userId || (a.caseId !== null && a.caseId !== item.caseId)
    })
    if (bad.length > 0)
      throw new ValidationError({
        answers: text(
          `附件 ${bad.join('、')} 不存在、不是您上传的或已被使用`,
          `Attachments ${bad.join(', ')} do not exist, are not your uploads or are used already`,
        ),
      })
  }
}
