import type { TBoundaryGeometry } from '@onegrid/core/api/grids'
import type { AreaNode } from '../src/modules/areas/service.ts'

/** An axis-aligned rectangle as a GeoJSON Polygon (lng/lat). */
export function box(west: number, south: number, east: number, north: number): TBoundaryGeometry {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  }
}

/**
 * A small, exact network for tests: district 110120 is a 0.04° square; street
 * 001 the west half, 002 the east half; each street one community; community
 * 110120001001 cut into four grids (001 NW, 002 NE, 003 SW, 004 SE — west→east,
 * north→south), community 110120002001 into two (001 north, 002 south).
 */
export function smallNetwork(): AreaNode[] {
  return [
    {
      code: '110120',
      name: '云溪区',
      level: 'district',
      parentCode: null,
      geometry: box(116.6, 39.8, 116.64, 39.84),
    },
    {
      code: '110120001',
      name: '云溪街道',
      level: 'street',
      parentCode: '110120',
      geometry: box(116.6, 39.8, 116.62, 39.84),
    },
    {
      code: '110120002',
      name: '望湖街道',
      level: 'street',
      parentCode: '110120',
      geometry: box(116.62, 39.8, 116.64, 39.84),
    },
    {
      code: '110120001001',
      name: '柳园社区',
      level: 'community',
      parentCode: '110120001',
      geometry: box(116.6, 39.8, 116.62, 39.84),
    },
    {
      code: '110120002001',
      name: '翠苑社区',
      level: 'community',
      parentCode: '110120002',
      geometry: box(116.62, 39.8, 116.64, 39.84),
    },
    grid('110120001001001', '柳园社区第一网格', box(116.6, 39.82, 116.61, 39.84), 400),
    grid('110120001001002', '柳园社区第二网格', box(116.61, 39.82, 116.62, 39.84), 350),
    grid('110120001001003', '柳园社区第三网格', box(116.6, 39.8, 116.61, 39.82), 300),
    {
      ...grid('110120001001004', '云溪第二中学专属网格', box(116.61, 39.8, 116.62, 39.82), 20),
      gridType: 'dedicated',
      servedUnit: '云溪第二中学',
    },
    grid('110120002001001', '翠苑社区第一网格', box(116.62, 39.82, 116.64, 39.84), 500),
    grid('110120002001002', '翠苑社区第二网格', box(116.62, 39.8, 116.64, 39.82), 450),
  ]
}

function grid(code: string, name: string, geometry: TBoundaryGeometry, households: number): AreaNode {
  return {
    code,
    name,
    level: 'grid',
    parentCode: code.slice(0, 12),
    geometry,
    gridType: 'basic',
    households,
    population: Math.round(households * 2.7),
    responsibleParty: `${code.slice(0, 12)} 居委会`,
  }
}

/** When the small network's first boundaries took effect. */
export const networkSince = new Date('2026-01-01T00:00:00+08:00')
