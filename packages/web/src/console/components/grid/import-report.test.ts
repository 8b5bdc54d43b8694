import type { TAreaImportReport } from '@onegrid/core/api/area-import'
import type { TTopologyProblem, TTopologyReport } from '@onegrid/core/api/grids'
import { describe, expect, it } from 'vitest'
import {
  canConfirm,
  exportScope,
  fileKey,
  problemCount,
  topologyProblems,
  workingLevel,
} from './import-report.ts'

function topology(under: string, problems: TTopologyProblem[]): TTopologyReport {
  const counts = {
    invalid_geometry: 0,
    overlap: 0,
    gap: 0,
    outside_parent: 0,
    sliver: 0,
    missing_geometry: 0,
  }
  for (const p of problems) counts[p.kind]++
  return { level: 'grid', under, checked: 4, ok: problems.length === 0, counts, problems, durationMs: 12 }
}

const report = (over: Partial<TAreaImportReport> = {}): TAreaImportReport => ({
  applied: false,
  dryRun: true,
  ok: true,
  level: 'grid',
  format: 'geojson',
  sourceCrs: 'EPSG:4326',
  crsDeclared: true,
  convertedFromGcj02: false,
  featuresRead: 1,
  problems: [],
  created: [],
  redrawn: [],
  unchanged: ['110120001001002'],
  topology: [topology('110120001001', [])],
  ...over,
})

const gap: TTopologyProblem = {
  kind: 'gap',
  codes: ['110120001001'],
  areaM2: 900,
  location: null,
  geometry: null,
  detail: null,
}
const overlap: TTopologyProblem = {
  kind: 'overlap',
  codes: ['110120001001001', '110120001001002'],
  areaM2: 40,
  location: null,
  geometry: null,
  detail: null,
}

describe('the working level of a selection', () => {
  it('is the children of a district, street or community, and a grid’s siblings', () => {
    expect(workingLevel({ level: 'district' })).toBe('street')
    expect(workingLevel({ level: 'street' })).toBe('community')
    expect(workingLevel({ level: 'community' })).toBe('grid')
    expect(workingLevel({ level: 'grid' })).toBe('grid')
  })

  it('is none above a district: no boundary file is about cities or districts', () => {
    expect(workingLevel({ level: 'city' })).toBeNull()
  })

  it('exports a grid’s community, and what is under any other selection', () => {
    expect(exportScope({ code: '110120001001002', level: 'grid', parentCode: '110120001001' })).toEqual({
      level: 'grid',
      under: '110120001001',
    })
    expect(exportScope({ code: '110120001', level: 'street', parentCode: '110120' })).toEqual({
      level: 'community',
      under: '110120001',
    })
    expect(exportScope({ code: '1101', level: 'city', parentCode: '11' })).toBeNull()
  })
})

describe('a boundary import report', () => {
  it('counts feature and topology problems together', () => {
    const bad = report({
      ok: false,
      problems: [{ kind: 'invalid_code', index: 0, code: '12', message: '编码无效', location: null }],
      topology: [topology('110120001001', [gap]), topology('110120001002', [overlap])],
    })
    expect(problemCount(report())).toBe(0)
    expect(problemCount(bad)).toBe(3)
  })

  it('lists topology problems worst first, each with the parent it lies under', () => {
    const listed = topologyProblems(
      report({ topology: [topology('110120001001', [gap]), topology('110120001002', [overlap])] }),
    )
    expect(listed.map((p) => [p.under, p.problem.kind])).toEqual([
      ['110120001001', 'gap'],
      ['110120001002', 'overlap'],
    ])
    const together = topologyProblems(report({ topology: [topology('110120001001', [gap, overlap])] }))
    expect(together.map((p) => p.problem.kind)).toEqual(['overlap', 'gap'])
  })
})

describe('confirming an import', () => {
  const file = { name: 'grids.geojson', size: 1200, lastModified: 1 }

  it('is offered after a clean dry run of the same file and form', () => {
    const key = `${fileKey(file)}|grid`
    expect(canConfirm(report(), key, key)).toBe(true)
  })

  it('is not offered before a dry run, after one with problems, or once anything changed', () => {
    const key = `${fileKey(file)}|grid`
    expect(canConfirm(null, null, key)).toBe(false)
    expect(canConfirm(report({ ok: false }), key, key)).toBe(false)
    expect(canConfirm(report(), key, `${fileKey({ ...file, size: 1300 })}|grid`)).toBe(false)
    expect(canConfirm(report(), key, `${fileKey(file)}|community`)).toBe(false)
  })

  it('is not offered for a report that already was an import', () => {
    const key = fileKey(file)
    expect(canConfirm(report({ dryRun: false, applied: true }), key, key)).toBe(false)
  })
})
