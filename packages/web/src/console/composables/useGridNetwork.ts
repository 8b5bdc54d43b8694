import type { TAreaDetail } from '@onegrid/core/api/grids'
import { type AreaLevel, expectedLength } from '@onegrid/core/codes/area-code'
import { type Ref, ref, type ShallowRef, shallowRef, watch } from 'vue'
import { getAreaDetail, getAreasGeoJson } from '../../shared/api/endpoints.ts'
import { childLevelOf } from '../../shared/areas.ts'
import { zoomForBounds } from '../../shared/map/geometry.ts'
import type { MapFeatureCollection } from '../../shared/map/types.ts'

/** Levels at which the map shows every grid below the selection (a city or province would be too many). */
const gridsShownFrom: readonly AreaLevel[] = ['district', 'street', 'community', 'grid']

/** A typical map viewport, for the zoom the server simplifies boundaries for. */
const viewport = { width: 900, height: 650 }

export interface GridNetworkView {
  /** The grids drawn and coloured: all under the selection, or a grid's siblings. */
  grids: MapFeatureCollection | null
  /** The selection's children when they are not grids themselves (streets, communities): thicker lines. */
  children: MapFeatureCollection | null
  /** The frame: the selection's own outline, or a grid's community. */
  frame: MapFeatureCollection | null
}

export interface GridNetwork {
  detail: ShallowRef<TAreaDetail | null>
  view: ShallowRef<GridNetworkView>
  loading: Ref<boolean>
  error: Ref<unknown>
  /** Loads the selection again (after a redraw). */
  reload(): Promise<void>
}

/**
 * Which child of the selection a clicked grid belongs to: codes nest, so it is the grid code's prefix of
 * the child level's length. A grid clicked inside a community (or beside a selected grid) is itself.
 */
export function drillTarget(selection: { code: string; level: AreaLevel }, gridCode: string): string | null {
  if (selection.level === 'grid' || selection.level === 'community') return gridCode
  const child = childLevelOf(selection.level)
  if (!child || !gridsShownFrom.includes(child)) return null
  const code = gridCode.slice(0, expectedLength(child))
  return code.startsWith(selection.code) ? code : null
}

/** The selected area of the network with the boundaries the map draws for it. */
export function useGridNetwork(code: Ref<string | null>): GridNetwork {
  const detail = shallowRef<TAreaDetail | null>(null)
  const view = shallowRef<GridNetworkView>({ grids: null, children: null, frame: null })
  const loading = ref(false)
  const error = ref<unknown>(null)
  let latest = 0
  /** Bumped by a reload, so the boundaries come fresh rather than from the browser's short cache. */
  let revision = 0

  async function load(selected: string | null): Promise<void> {
    const request = ++latest
    error.value = null
    if (!selected) {
      detail.value = null
      view.value = { grids: null, children: null, frame: null }
      return
    }
    loading.value = true
    try {
      const area = await getAreaDetail(selected)
      if (request !== latest) return
      detail.value = area
      const zoom = area.bbox ? zoomForBounds(area.bbox, viewport.width, viewport.height) : undefined
      const rev = revision || undefined
      const isGrid = area.level === 'grid'
      const parent = area.parentCode
      const child = childLevelOf(area.level)
      const [grids, children, frame] = await Promise.all([
        isGrid && parent
          ? getAreasGeoJson({ under: parent, level: 'grid', zoom, rev })
          : gridsShownFrom.includes(area.level)
            ? getAreasGeoJson({ under: area.code, level: 'grid', zoom, rev })
            : null,
        child && child !== 'grid' ? getAreasGeoJson({ under: area.code, level: child, zoom, rev }) : null,
        isGrid && parent
          ? getAreasGeoJson({ under: parent, level: 'community', zoom, rev })
          : getAreasGeoJson({ under: area.code, level: area.level, zoom, rev }),
      ])
      if (request !== latest) return
      view.value = { grids, children, frame }
    } catch (e) {
      if (request === latest) error.value = e
    } finally {
      if (request === latest) loading.value = false
    }
  }

  watch(code, (selected) => void load(selected), { immediate: true })

  return {
    detail,
    view,
    loading,
    error,
    reload: () => {
      revision++
      return load(code.value)
    },
  }
}
