import type { ModuleFixtures } from '../../../test/access-matrix.ts'
import { multipart } from '../../../test/multipart.ts'
import { exportCatalogWorkbook } from './export-catalog.ts'
import { CatalogQueries } from './queries.ts'

/** The authorization matrix's requests for the event catalog. */
export const catalogAccessFixtures: ModuleFixtures = (ctx) => {
  const editable = '06001'
  const item = async () => ctx.app().services.catalog.item(editable)
  return {
    listCatalog: { targeted: false, call: async () => ({ method: 'GET', url: '/api/catalog?q=垃圾' }) },
    // Routing rules are district-wide; the answer names the caller's own street's unit.
    routeCatalogItem: {
      targeted: false,
      call: async () => ({
        method: 'GET',
        url: `/api/catalog/items/${editable}/route?areaCode=${ctx.inside}001001`,
      }),
    },
    listHandlingBodies: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/catalog/bodies' }),
    },
    // Routing rules name the towns that handle an item differently: district-wide rules, not rows of an area.
    getCatalogItem: {
      targeted: false,
      showsForeignAreas: true,
      call: async () => ({ method: 'GET', url: `/api/catalog/items/${editable}` }),
    },
    updateCatalogItem: {
      targeted: false,
      districtWide: true,
      showsForeignAreas: true,
      call: async () => {
        const current = await item()
        const {
          code: _c,
          majorCode: _m,
          majorName: _n,
          domain: _d,
          standard: _s,
          retired: _r,
          version,
          versionId: _v,
          validFrom: _f,
          history: _h,
          ...rules
        } = current
        return {
          method: 'PUT',
          url: `/api/catalog/items/${editable}`,
          payload: {
            rules: { ...rules, description: ctx.next('说明') },
            expectedVersion: version,
            reason: '权限矩阵测试',
          },
        }
      },
    },
    createCatalogItem: {
      targeted: false,
      districtWide: true,
      showsForeignAreas: true,
      call: async () => {
        const {
          code: _c,
          majorCode: _m,
          majorName: _n,
          domain: _d,
          standard: _s,
          retired: _r,
          version: _ver,
          versionId: _v,
          validFrom: _f,
          history: _h,
          ...rules
        } = await item()
        const code = `06${String(900 + (Number(ctx.next('').slice(0)) % 99)).padStart(3, '0')}`
        return {
          method: 'POST',
          url: '/api/catalog/items',
          payload: {
            code,
            majorCode: '06',
            rules: { ...rules, routing: { ...rules.routing, overrides: [] } },
            reason: '权限矩阵测试',
          },
        }
      },
    },
    importCatalog: {
      targeted: false,
      districtWide: true,
      call: async () => {
        const bytes = await exportCatalogWorkbook(new CatalogQueries(ctx.app().database.db))
        const body = multipart({}, { name: 'catalog.xlsx', data: bytes })
        return { method: 'POST', url: '/api/catalog/import', payload: body.payload, headers: body.headers }
      },
    },
    exportCatalog: { targeted: false, call: async () => ({ method: 'GET', url: '/api/catalog/export' }) },
    checkAdmission: {
      targeted: false,
      call: async () => ({
        method: 'POST',
        url: '/api/catalog/admission',
        payload: { itemCode: editable, channel: 'grid_worker', areaCode: ctx.inside },
      }),
    },
    listCatalogRefusals: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/catalog/refusals' }),
    },
  }
}
