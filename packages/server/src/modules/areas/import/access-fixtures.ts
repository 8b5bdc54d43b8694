import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import type { MatrixContext, ModuleFixtures, Target } from '../../../../test/access-matrix.ts'
import { multipart } from '../../../../test/multipart.ts'
import { featureCollection } from './test-files.ts'

/** The first area of a level under the target street (the demo district has them all). */
async function firstUnder(ctx: MatrixContext, t: Target, level: 'community' | 'grid'): Promise<string> {
  const row = await ctx
    .app()
    .database.db.selectFrom('areas')
    .select('code')
    .where('level', '=', level)
    .where(sql<boolean>`path <@ (SELECT path FROM areas WHERE code = ${ctx.areaOf(t)})`)
    .orderBy('code')
    .executeTakeFirstOrThrow()
  return row.code
}

/** The authorization matrix's requests for boundary and attribute imports and exports. */
export const importAccessFixtures: ModuleFixtures = (ctx) => ({
  importAreas: {
    targeted: true,
    call: async (_c, t) => {
      const community = await firstUnder(ctx, t, 'community')
      const file = featureCollection([
        {
          properties: { code: `${community}999`, name: '矩阵测试网格' },
          coordinates: [
            [
              [
                [116.7, 39.8],
                [116.701, 39.8],
                [116.701, 39.801],
                [116.7, 39.8],
              ],
            ],
          ],
        },
      ])
      const body = multipart({ level: 'grid' }, { name: 'grids.geojson', data: file })
      return { method: 'POST', url: '/api/areas/import', payload: body.payload, headers: body.headers }
    },
  },
  exportAreas: {
    targeted: true,
    call: async (_c, t) => ({
      method: 'GET',
      url: `/api/areas/export?level=community&under=${ctx.areaOf(t)}`,
    }),
  },
  exportGridAttributes: {
    targeted: true,
    call: async (_c, t) => ({ method: 'GET', url: `/api/grids/attributes.xlsx?under=${ctx.areaOf(t)}` }),
  },
  importGridAttributes: {
    targeted: true,
    call: async (_c, t) => {
      const workbook = new ExcelJS.Workbook()
      const sheet = workbook.addWorksheet('网格属性')
      sheet.addRow(['网格编码', '户数'])
      sheet.addRow([await firstUnder(ctx, t, 'grid'), 321])
      const data = new Uint8Array(await workbook.xlsx.writeBuffer())
      const body = multipart({}, { name: 'attributes.xlsx', data })
      return {
        method: 'POST',
        url: '/api/grids/attributes/import',
        payload: body.payload,
        headers: body.headers,
      }
    },
  },
})
