import type { AreaNode } from './service.ts'

/**
 * The demo district 云溪区 (code 320520): four streets/towns, each cut into four
 * communities/villages, laid out as rectangles around Suzhou's latitude. The grid
 * network issue replaces these boxes with drawn boundaries and adds the grids.
 */
export const demoDistrict = { code: '320520', name: '云溪区' } as const

const streets = [
  {
    seg: '001',
    name: '东湖街道',
    units: ['湖滨社区', '望湖社区', '莲花社区', '春晖社区'],
    unitSegs: ['001', '002', '003', '004'],
  },
  {
    seg: '002',
    name: '西园街道',
    units: ['西园社区', '桂花社区', '文昌社区', '新桥社区'],
    unitSegs: ['001', '002', '003', '004'],
  },
  {
    seg: '003',
    name: '北塘街道',
    units: ['北塘社区', '运河社区', '梅巷社区', '锦绣社区'],
    unitSegs: ['001', '002', '003', '004'],
  },
  {
    seg: '101',
    name: '青溪镇',
    units: ['青溪社区', '白塔村', '柳湾村', '石桥村'],
    unitSegs: ['001', '200', '201', '202'],
  },
] as const

const bounds = { west: 120.55, east: 120.71, south: 31.25, north: 31.35 }

type Box = { west: number; east: number; south: number; north: number }

function polygon(b: Box): { type: 'MultiPolygon'; coordinates: number[][][][] } {
  const r = (n: number) => Math.round(n * 1e6) / 1e6
  return {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [r(b.west), r(b.north)],
          [r(b.east), r(b.north)],
          [r(b.east), r(b.south)],
          [r(b.west), r(b.south)],
          [r(b.west), r(b.north)],
        ],
      ],
    ],
  }
}

/** Splits a box into 2×2 cells, numbered west→east, then north→south (as grid codes are). */
function quarters(b: Box): Box[] {
  const midX = (b.west + b.east) / 2
  const midY = (b.south + b.north) / 2
  return [
    { west: b.west, east: midX, south: midY, north: b.north },
    { west: midX, east: b.east, south: midY, north: b.north },
    { west: b.west, east: midX, south: b.south, north: midY },
    { west: midX, east: b.east, south: b.south, north: midY },
  ]
}

export function demoAreaTree(): AreaNode[] {
  const nodes: AreaNode[] = [
    {
      code: demoDistrict.code,
      name: demoDistrict.name,
      level: 'district',
      parentCode: null,
      geometry: polygon(bounds),
    },
  ]
  const streetBoxes = quarters(bounds)
  streets.forEach((street, i) => {
    const streetCode = `${demoDistrict.code}${street.seg}`
    const box = streetBoxes[i] as Box
    nodes.push({
      code: streetCode,
      name: street.name,
      level: 'street',
      parentCode: demoDistrict.code,
      geometry: polygon(box),
    })
    quarters(box).forEach((unitBox, j) => {
      nodes.push({
        code: `${streetCode}${street.unitSegs[j]}`,
        name: street.units[j] as string,
        level: 'community',
        parentCode: streetCode,
        geometry: polygon(unitBox),
      })
    })
  })
  return nodes
}
