import { sql } from 'kysely'
import type { ModuleFixtures } from '../../../test/access-matrix.ts'

/** The month before last (last month's assessments are published by the demo). */
function monthBeforeLast(): string {
  const d = new Date(Date.now() + 8 * 3_600_000)
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 2, 1))
  return m.toISOString().slice(0, 7)
}

/** The authorization matrix's requests for the assessment. */
export const assessmentAccessFixtures: ModuleFixtures = ({ app, areaOf }) => {
  const version = async (table: 'assessment_schemes' | 'assessment_pay_settings', kind?: string) => {
    const { rows } = await sql<{ version: number }>`
      SELECT version FROM ${sql.table(table)} WHERE district_code = '110120'
      ${kind ? sql`AND kind = ${kind}` : sql``}`.execute(app().database.db)
    return Number(rows[0]?.version ?? 0)
  }
  return {
    getAssessment: {
      targeted: true,
      // A department's staff have no area: inside is their own department's row.
      call: async (c, t) => ({
        method: 'GET',
        url:
          c.role === 'dept_handler' && t === 'in'
            ? '/api/assessment?kind=department'
            : `/api/assessment?areaCode=${areaOf(t)}&kind=area&level=grid`,
      }),
    },
    publishAssessment: {
      targeted: false,
      districtWide: true,
      call: async () => ({
        method: 'POST',
        url: '/api/assessment/publish',
        payload: { month: monthBeforeLast(), kind: 'department' },
      }),
    },
    getAssessmentScheme: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/assessment/scheme?kind=operator' }),
    },
    updateAssessmentScheme: {
      targeted: false,
      districtWide: true,
      call: async () => ({
        method: 'PUT',
        url: '/api/assessment/scheme',
        payload: {
          kind: 'operator',
          weights: { intakeCount: 25, onTimeIntakeRate: 75 },
          grades: { A: 90, B: 75, C: 60, D: 40 },
          minSample: 10,
          version: await version('assessment_schemes', 'operator'),
        },
      }),
    },
    getGridWorkerPaySettings: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/assessment/pay-settings' }),
    },
    updateGridWorkerPaySettings: {
      targeted: false,
      districtWide: true,
      call: async () => ({
        method: 'PUT',
        url: '/api/assessment/pay-settings',
        payload: {
          base: 2000,
          perHousehold: 1.5,
          factors: { A: 1.2, B: 1, C: 0.8, D: 0.5, E: 0 },
          version: await version('assessment_pay_settings'),
        },
      }),
    },
    exportGridWorkerPay: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/assessment/pay.xlsx?areaCode=${areaOf(t)}` }),
    },
  }
}
