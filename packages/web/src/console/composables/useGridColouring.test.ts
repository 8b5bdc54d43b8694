import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { createTestI18n } from '../../shared/i18n/test-i18n.ts'
import type { MapFeatureCollection } from '../../shared/map/types.ts'
import {
  type ColourMode,
  householdPalette,
  loadPalette,
  noDataColour,
  typeColours,
  unstaffedColour,
} from '../components/grid/grid-colours.ts'
import MapLegend from '../components/grid/MapLegend.vue'
import { type GridLoads, useGridColouring } from './useGridColouring.ts'

const square = [
  [
    [
      [116.7, 39.9],
      [116.71, 39.9],
      [116.71, 39.91],
      [116.7, 39.9],
    ],
  ],
]
function grids(households: (number | null)[]): MapFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: households.map((h, i) => ({
      type: 'Feature',
      properties: {
        code: `11012000100100${i}`,
        name: `第${i}网格`,
        level: 'grid',
        gridType: i === 0 ? 'dedicated' : 'basic',
        ...(h === null ? {} : { households: h }),
      },
      geometry: { type: 'MultiPolygon', coordinates: square },
    })),
  }
}

describe('colouring the grids on the map', () => {
  const drawn = grids([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, null])
  const loads: GridLoads = {
    maxHouseholds: 500,
    byCode: new Map<string, number | null>([
      ['110120001001000', 120],
      ['110120001001001', 620],
      ['110120001001002', null],
    ]),
  }

  it('switches between type, households and load, with a legend for each', async () => {
    const mode = ref<ColourMode>('type')
    const { featureStyle, legend } = useGridColouring(
      mode,
      () => drawn,
      () => loads,
    )
    const [dedicated, basic] = drawn.features.map((f) => f.properties)
    if (!dedicated || !basic) throw new Error('two grids at least')
    expect(featureStyle.value(dedicated).fillColor).toBe(typeColours.dedicated)
    expect(featureStyle.value(basic).fillColor).toBe(typeColours.basic)
    expect(legend.value.map((i) => i.kind)).toEqual(['type', 'type'])

    mode.value = 'households'
    const lightest = featureStyle.value(dedicated).fillColor
    const darkest = featureStyle.value(drawn.features[9]?.properties ?? dedicated).fillColor
    expect(lightest).toBe(householdPalette[0])
    expect(darkest).toBe(householdPalette[4])
    expect(featureStyle.value(drawn.features[10]?.properties ?? dedicated).fillColor).toBe(noDataColour)
    expect(legend.value.at(-1)).toEqual({ colour: noDataColour, kind: 'noData' })

    mode.value = 'load'
    expect(featureStyle.value(dedicated).fillColor).toBe(loadPalette[0])
    expect(featureStyle.value(basic).fillColor).toBe(loadPalette[2])
    expect(featureStyle.value(drawn.features[2]?.properties ?? dedicated).fillColor).toBe(unstaffedColour)
    expect(featureStyle.value(drawn.features[3]?.properties ?? dedicated).fillColor).toBe(noDataColour)

    // The legend reads in the chosen language.
    const i18n = createTestI18n('zh-CN')
    const wrapper = mount(MapLegend, {
      props: { mode: mode.value, items: legend.value },
      global: { plugins: [i18n] },
    })
    expect(wrapper.text()).toContain('每名网格员服务户数')
    expect(wrapper.text()).toContain('少于 300')
    expect(wrapper.text()).toContain('500 – 750')
    expect(wrapper.text()).toContain('未配网格员')
    i18n.global.locale.value = 'en'
    await nextTick()
    expect(wrapper.text()).toContain('750 or more')
  })
})
