import type { TArea } from '@onegrid/core/api/areas'
import { type AreaLevel, areaLevels } from '@onegrid/core/codes/area-code'

export function childLevelOf(level: AreaLevel): AreaLevel | null {
  return areaLevels[areaLevels.indexOf(level) + 1] ?? null
}

export interface AreaWithChildren {
  area: TArea
  children: TArea[]
}

/** Groups children under their parents, both ordered by code; children of unknown parents are left out. */
export function groupByParent(parents: readonly TArea[], children: readonly TArea[]): AreaWithChildren[] {
  const byCode = new Map<string, AreaWithChildren>()
  const sorted = [...parents].sort((a, b) => a.code.localeCompare(b.code))
  for (const area of sorted) byCode.set(area.code, { area, children: [] })
  for (const child of [...children].sort((a, b) => a.code.localeCompare(b.code))) {
    if (child.parentCode) byCode.get(child.parentCode)?.children.push(child)
  }
  return [...byCode.values()]
}
