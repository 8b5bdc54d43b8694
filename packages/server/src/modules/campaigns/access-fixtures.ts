import { ZCreateCampaign } from '@onegrid/core/api/campaigns'
import { defaultTemplates } from '@onegrid/core/campaigns/templates'
import { sql } from 'kysely'
import type { ModuleFixtures, Target } from '../../../test/access-matrix.ts'
import { createUser, systemActor } from '../../../test/identity-fixtures.ts'
import type { UserPrincipal } from '../../platform/auth/principal.ts'

const flood = defaultTemplates.find((t) => t.key === 'flood_season_patrol')

/** The authorization matrix's requests for campaigns (专项任务) and their items. */
export const campaignAccessFixtures: ModuleFixtures = ({ app, areaOf, next }) => {
  if (!flood) throw new Error('flood_season_patrol template missing')
  const form = flood.form
  const admins = new Map<Target, UserPrincipal>()
  /** An administrator of the target street issues the campaigns the callers act on. */
  const adminAt = async (t: Target): Promise<UserPrincipal> => {
    const known = admins.get(t)
    if (known) return known
    const user = await createUser(app(), {
      username: `m_campaign_admin_${t}`,
      role: 'admin',
      areaCode: areaOf(t),
    })
    const p = await app().services.sessions.principalFor(user.id, user.username, 'matrix', false)
    admins.set(t, p)
    return p
  }
  const body = (t: Target) => ({
    title: next('矩阵汛期巡查'),
    issuingUnit: '街道防汛办',
    workingDays: 3,
    targets: { kind: 'grid' as const, areaCodes: [areaOf(t)] },
    form,
  })
  const fresh = async (t: Target): Promise<number> =>
    (
      await app().services.campaigns.create.create(
        await adminAt(t),
        systemActor,
        ZCreateCampaign.parse(body(t)),
      )
    ).id
  const standing = new Map<Target, number>()
  /** One campaign per street for the reads and the submissions (closing takes a fresh one). */
  const campaignAt = async (t: Target): Promise<number> => {
    const known = standing.get(t)
    if (known) return known
    const id = await fresh(t)
    standing.set(t, id)
    return id
  }
  const itemAt = async (t: Target, offset: number) => {
    const { rows } = await sql<{ id: number; grid_code: string }>`
      SELECT id, grid_code FROM campaign_items WHERE campaign_id = ${await campaignAt(t)}
      ORDER BY id LIMIT 1 OFFSET ${offset}`.execute(app().database.db)
    const row = rows[0]
    if (!row) throw new Error(`no campaign item in ${areaOf(t)}`)
    return { id: Number(row.id), gridCode: row.grid_code }
  }
  let submitted = 0

  return {
    listCampaignTemplates: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/campaign-templates' }),
    },
    previewCampaignTargets: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: '/api/campaigns/preview',
        payload: { targets: { kind: 'grid', areaCodes: [areaOf(t)] } },
      }),
    },
    createCampaign: {
      targeted: true,
      call: async (_c, t) => ({ method: 'POST', url: '/api/campaigns', payload: body(t) }),
    },
    listCampaigns: {
      targeted: false,
      call: async () => {
        await campaignAt('in')
        await campaignAt('out')
        return { method: 'GET', url: '/api/campaigns?pageSize=100' }
      },
    },
    getCampaign: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/campaigns/${await campaignAt(t)}` }),
    },
    getCampaignProgress: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/campaigns/${await campaignAt(t)}/progress` }),
    },
    listCampaignItems: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'GET',
        url: `/api/campaigns/${await campaignAt(t)}/items?pageSize=200`,
      }),
    },
    listMyCampaignItems: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/campaign-items/mine?includeDone=true' }),
    },
    submitCampaignItem: {
      targeted: true,
      call: async (c, t) => {
        const item = await itemAt(t, submitted++ % 20)
        // The item is handed to the caller first (inside): a worker submits their own.
        if (t === 'in' && c.userId)
          await app()
            .database.db.updateTable('campaign_items')
            .set({ assignee_id: c.userId })
            .where('id', '=', item.id)
            .execute()
        return {
          method: 'POST',
          url: `/api/campaign-items/${item.id}`,
          payload: { answers: { ponding: 'no' }, complete: false },
        }
      },
    },
    reassignCampaignItems: {
      targeted: true,
      call: async (_c, t) => {
        // An item whose grid has a worker posted on it, handed to that worker.
        const { rows } = await sql<{ id: number; user_id: number }>`
          SELECT i.id, ra.user_id FROM campaign_items i
          JOIN role_assignments ra ON ra.area_code = i.grid_code AND ra.role = 'grid_worker'
          WHERE i.campaign_id = ${await campaignAt(t)} ORDER BY i.id DESC LIMIT 1`.execute(app().database.db)
        const row = rows[0]
        const item = row ?? { id: (await itemAt(t, 0)).id, user_id: 1 }
        return {
          method: 'POST',
          url: `/api/campaigns/${await campaignAt(t)}/reassign`,
          payload: { itemIds: [Number(item.id)], assigneeId: Number(item.user_id) },
        }
      },
    },
    closeCampaign: {
      targeted: true,
      call: async (_c, t) => ({ method: 'POST', url: `/api/campaigns/${await fresh(t)}/close` }),
    },
    exportCampaignResults: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'GET',
        url: `/api/campaigns/${await campaignAt(t)}/export?format=xlsx`,
      }),
    },
  }
}
