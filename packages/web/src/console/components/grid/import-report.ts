import type { TAreaImportReport, TImportLevel } from '@onegrid/core/api/area-import'
import type { TTopologyProblem } from '@onegrid/core/api/grids'
import { type AreaLevel, areaLevels } from '@onegrid/core/codes/area-code'
import { sortProblems } from './grid-format.ts'

/** What the file pickers offer; the server judges a file by its bytes, this only steers the picker. */
export const boundaryFileTypes = '.geojson,.json,.zip'
export const sheetFileTypes = '.xlsx'

const importLevels: readonly TImportLevel[] = ['street', 'community', 'grid']
const isImportLevel = (level: AreaLevel): level is TImportLevel =>
  (importLevels as readonly string[]).includes(level)

/**
 * The level one works on below a selection: its children (a district's streets, a street's communities, a
 * community's grids); a grid stands for its siblings. Null above a district, which no file is about.
 */
export function workingLevel(selection: { level: AreaLevel }): TImportLevel | null {
  if (selection.level === 'grid') return 'grid'
  const child = areaLevels[areaLevels.indexOf(selection.level) + 1]
  return child && isImportLevel(child) ? child : null
}

/** Where the exports of a selection are taken from: under the selection, or a grid's community. */
export function exportScope(selection: {
  code: string
  level: AreaLevel
  parentCode: string | null
}): { level: TImportLevel; under: string } | null {
  const level = workingLevel(selection)
  if (!level) return null
  const under = selection.level === 'grid' ? selection.parentCode : selection.code
  return under ? { level, under } : null
}

export interface ImportTopologyProblem {
  /** The parent whose children the problem is among. */
  under: string
  problem: TTopologyProblem
}

/** Every topology problem of an import's report, worst first, with the parent it was found under. */
export function topologyProblems(report: TAreaImportReport): ImportTopologyProblem[] {
  return report.topology.flatMap((parent) =>
    sortProblems(parent.problems).map((problem) => ({ under: parent.under, problem })),
  )
}

/** Problems of a boundary import: per feature and of the topology with the import in place. */
export function problemCount(report: TAreaImportReport): number {
  return report.problems.length + report.topology.reduce((n, parent) => n + parent.problems.length, 0)
}

/**
 * A confirmation is offered only for the dry run of exactly what would be sent, and only when that dry
 * run found nothing wrong: the server would refuse to write anything else.
 */
export function canConfirm(
  report: { dryRun: boolean; ok: boolean } | null,
  previewedWith: string | null,
  current: string,
): boolean {
  return !!report?.dryRun && report.ok && previewedWith === current
}

/** Identifies a picked file for "has anything changed since the dry run". */
export function fileKey(file: { name: string; size: number; lastModified: number } | null): string {
  return file ? `${file.name}\u0000${file.size}\u0000${file.lastModified}` : ''
}
