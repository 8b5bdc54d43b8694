import { randomUUID } from 'node:crypto'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { Caller, ModuleFixtures, Target } from '../../../test/access-matrix.ts'
import { systemActor } from '../../../test/identity-fixtures.ts'

/** A point in 湖滨社区第一网格 of the demo street 东湖街道 (110120001), inside the callers’ jurisdiction. */
const here = { lng: 116.7098, lat: 39.971 }

/** The authorization matrix's requests for patrols, check-ins, coverage and on-duty positions. */
export const patrolAccessFixtures: ModuleFixtures = ({ app, areaOf, userAt }) => {
  const now = () => new Date().toISOString()
  const point = () => ({ at: now(), ...here, accuracy: 10 })
  /** A patrol of this user, started through the service (as their phone would). */
  const patrolOf = async (userId: number, username: string): Promise<string> => {
    const p = await app().services.sessions.principalFor(userId, username, 'matrix', false)
    const id = randomUUID()
    await app().services.patrols.patrols.start(p, systemActor, { id, startedAt: now(), point: point() })
    return id
  }
  const mayPatrol = (c: Caller) => c.role === 'grid_worker' || c.role === 'grid_leader'
  /** Inside: the caller's own patrol (when they may patrol at all). Outside: a grid worker's of the other street. */
  const ownOrForeign = async (c: Caller, t: Target): Promise<string> =>
    t === 'out'
      ? patrolOf(userAt.out, 'target_out')
      : c.userId !== null && mayPatrol(c)
        ? patrolOf(c.userId, c.name)
        : randomUUID()

  return {
    startPatrol: {
      targeted: false,
      call: async () => ({
        method: 'POST',
        url: '/api/patrols',
        payload: { id: randomUUID(), startedAt: now() },
      }),
    },
    appendPatrolPoints: {
      targeted: true,
      call: async (c, t) => ({
        method: 'POST',
        url: `/api/patrols/${await ownOrForeign(c, t)}/points`,
        payload: { points: [point()] },
      }),
    },
    endPatrol: {
      targeted: true,
      call: async (c, t) => ({
        method: 'POST',
        url: `/api/patrols/${await ownOrForeign(c, t)}/end`,
        payload: { endedAt: now() },
      }),
    },
    getPatrol: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'GET',
        url: `/api/patrols/${await patrolOf(userAt[t], t === 'in' ? 'target_in' : 'target_out')}`,
      }),
    },
    listPatrols: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/patrols?pageSize=200' }),
    },
    getPatrolCoverage: {
      targeted: true,
      call: async (_c, t) => {
        const day = shanghaiDate(new Date())
        return { method: 'GET', url: `/api/patrols/coverage?areaCode=${areaOf(t)}&from=${day}&to=${day}` }
      },
    },
    listOnDutyPositions: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/patrols/on-duty' }),
    },
    listFieldWorkers: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/fieldwork/workers' }),
    },
    getWorkerDay: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'GET',
        url: `/api/fieldwork/worker-day?userId=${userAt[t]}&day=${shanghaiDate(new Date())}`,
      }),
    },
    checkIn: {
      targeted: false,
      call: async () => ({ method: 'POST', url: '/api/check-ins', payload: point() }),
    },
    listCheckIns: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/check-ins?pageSize=200' }),
    },
  }
}
