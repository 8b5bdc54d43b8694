import type { ModuleFixtures, Target } from '../../../test/access-matrix.ts'

/** The authorization matrix's requests for staff on grids and grid workers' records. */
export const gridStaffAccessFixtures: ModuleFixtures = (ctx) => {
  const grids = new Map<Target, string>()
  /** A grid of the demo district inside (or outside) the callers' street. */
  const gridAt = async (t: Target) => {
    const known = grids.get(t)
    if (known) return known
    const [grid] = await ctx.app().services.areas.list({ under: ctx.areaOf(t), level: 'grid' })
    if (!grid) throw new Error(`the demo district has no grid under ${ctx.areaOf(t)}`)
    grids.set(t, grid.code)
    return grid.code
  }
  return {
    getGridStaffing: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/grids/staffing?under=${ctx.areaOf(t)}` }),
    },
    listGridStaff: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/grids/${await gridAt(t)}/staff` }),
    },
    assignGridStaff: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'PUT',
        url: `/api/grids/${await gridAt(t)}/staff`,
        payload: { staff: [{ userId: ctx.userAt[t], role: 'grid_worker' }] },
      }),
    },
    listGridWorkers: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/grid-workers?limit=200' }),
    },
    getWorkerProfile: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/grid-workers/${ctx.userAt[t]}` }),
    },
    updateWorkerProfile: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'PATCH',
        url: `/api/grid-workers/${ctx.userAt[t]}`,
        payload: { employment: 'part_time', note: ctx.next('备注') },
      }),
    },
    addWorkerTraining: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: `/api/grid-workers/${ctx.userAt[t]}/trainings`,
        payload: { course: '矛盾纠纷排查化解', hours: 4, completedOn: '2025-06-01' },
      }),
    },
    addWorkerQualification: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: `/api/grid-workers/${ctx.userAt[t]}/qualifications`,
        payload: {
          name: '网格员上岗资格证',
          certificateNo: ctx.next('YX'),
          issuedOn: '2025-01-01',
          expiresOn: '2028-01-01',
        },
      }),
    },
  }
}
