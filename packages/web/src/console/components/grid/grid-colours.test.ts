import { describe, expect, it } from 'vitest'
import {
  classOf,
  householdPalette,
  loadBreaksFor,
  niceNumber,
  quantileBreaks,
  rangeLegend,
  spreadPalette,
} from './grid-colours.ts'

describe('grid colours', () => {
  it('rounds class breaks to two significant digits', () => {
    expect(niceNumber(117)).toBe(120)
    expect(niceNumber(2534)).toBe(2500)
    expect(niceNumber(8)).toBe(8)
    expect(niceNumber(0)).toBe(0)
  })

  it('splits households into quantile classes with increasing, readable breaks', () => {
    const households = Array.from({ length: 100 }, (_, i) => 100 + i * 7)
    const breaks = quantileBreaks(households, 5)
    expect(breaks).toEqual([240, 380, 520, 660])
    expect(classOf(100, breaks)).toBe(0)
    expect(classOf(240, breaks)).toBe(1)
    expect(classOf(793, breaks)).toBe(4)
  })

  it('gives fewer classes when the values do not spread', () => {
    expect(quantileBreaks([300, 300, 300, 300], 5)).toEqual([])
    expect(quantileBreaks([], 5)).toEqual([])
    expect(classOf(300, [])).toBe(0)
  })

  it('writes the legend as ranges from the lightest to the darkest colour', () => {
    expect(rangeLegend([200, 400], householdPalette)).toEqual([
      { colour: householdPalette[0], kind: 'below', n: 200 },
      { colour: householdPalette[2], kind: 'between', from: 200, to: 400 },
      { colour: householdPalette[4], kind: 'above', n: 400 },
    ])
    expect(spreadPalette(householdPalette, 1)).toEqual([householdPalette[4]])
  })

  it('puts the load classes around the configured limit of households per worker', () => {
    expect(loadBreaksFor(500)).toEqual([300, 500, 750])
    expect(classOf(520, loadBreaksFor(500))).toBe(2)
  })
})
