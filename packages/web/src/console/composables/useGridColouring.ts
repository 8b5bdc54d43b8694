import type { PathOptions } from 'leaflet'
import { type ComputedRef, computed, type Ref, ref, type ShallowRef, shallowRef, watch } from 'vue'
import { getGridStaffing } from '../../shared/api/endpoints.ts'
import type { AreaFeatureProperties, MapFeatureCollection } from '../../shared/map/types.ts'
import {
  type ColourMode,
  classOf,
  fillStyle,
  householdPalette,
  type LegendItem,
  loadBreaksFor,
  loadPalette,
  noDataColour,
  quantileBreaks,
  rangeLegend,
  spreadPalette,
  typeColours,
  unstaffedColour,
} from '../components/grid/grid-colours.ts'

export interface GridColouring {
  featureStyle: ComputedRef<(properties: AreaFeatureProperties) => PathOptions>
  legend: ComputedRef<LegendItem[]>
}

/** Household load per grid worker of each grid (null: no grid worker), and the configured limit. */
export interface GridLoads {
  byCode: ReadonlyMap<string, number | null>
  maxHouseholds: number
}

/**
 * Colours the drawn grids by type, by households (quantile classes of the grids on the map) or by load
 * (households per grid worker in classes around the configured limit).
 */
export function useGridColouring(
  mode: Ref<ColourMode>,
  grids: () => MapFeatureCollection | null,
  loads: () => GridLoads | null,
): GridColouring {
  const householdBreaks = computed(() => {
    const values = (grids()?.features ?? []).flatMap((f) =>
      typeof f.properties.households === 'number' ? [f.properties.households] : [],
    )
    return quantileBreaks(values, householdPalette.length)
  })
  const householdColours = computed(() => spreadPalette(householdPalette, householdBreaks.value.length + 1))

  const featureStyle = computed<(properties: AreaFeatureProperties) => PathOptions>(() => {
    if (mode.value === 'type') {
      return (p) => fillStyle(p.gridType ? typeColours[p.gridType] : noDataColour)
    }
    if (mode.value === 'households') {
      const breaks = householdBreaks.value
      const colours = householdColours.value
      return (p) =>
        fillStyle(
          typeof p.households === 'number'
            ? (colours[classOf(p.households, breaks)] ?? noDataColour)
            : noDataColour,
        )
    }
    const current = loads()
    const breaks = loadBreaksFor(current?.maxHouseholds ?? 0)
    return (p) => {
      if (!current?.byCode.has(p.code)) return fillStyle(noDataColour)
      const load = current.byCode.get(p.code)
      if (load === null) return fillStyle(unstaffedColour)
      return fillStyle(
        load === undefined ? noDataColour : (loadPalette[classOf(load, breaks)] ?? noDataColour),
      )
    }
  })

  const legend = computed<LegendItem[]>(() => {
    if (mode.value === 'type') {
      return [
        { colour: typeColours.basic, kind: 'type', type: 'basic' },
        { colour: typeColours.dedicated, kind: 'type', type: 'dedicated' },
      ]
    }
    if (mode.value === 'households') {
      return [
        ...rangeLegend(householdBreaks.value, householdPalette),
        { colour: noDataColour, kind: 'noData' },
      ]
    }
    const current = loads()
    if (!current) return [{ colour: noDataColour, kind: 'noData' }]
    return [
      ...rangeLegend(loadBreaksFor(current.maxHouseholds), loadPalette),
      { colour: unstaffedColour, kind: 'unstaffed' },
      { colour: noDataColour, kind: 'noData' },
    ]
  })

  return { featureStyle, legend }
}

/** Loads the staffing of the grids under an area while colouring by load is chosen. */
export function useGridLoads(
  mode: Ref<ColourMode>,
  under: () => string | null,
): { loads: ShallowRef<GridLoads | null>; loading: Ref<boolean>; error: Ref<unknown> } {
  const loads = shallowRef<GridLoads | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  let controller: AbortController | undefined

  watch(
    () => (mode.value === 'load' ? under() : null),
    async (code) => {
      controller?.abort()
      if (!code) {
        loading.value = false
        return
      }
      const current = new AbortController()
      controller = current
      loading.value = true
      try {
        const staffing = await getGridStaffing(code, current.signal)
        const byCode = new Map<string, number | null>()
        for (const row of staffing.items) {
          const load = row.workers === 0 ? null : (row.maxWorkerLoad ?? row.householdsPerWorker)
          if (row.workers === 0 || load !== null) byCode.set(row.code, load)
        }
        loads.value = { byCode, maxHouseholds: staffing.limits.maxHouseholds }
        error.value = null
      } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') return
        error.value = e
      } finally {
        if (controller === current) loading.value = false
      }
    },
    { immediate: true },
  )

  return { loads, loading, error }
}
