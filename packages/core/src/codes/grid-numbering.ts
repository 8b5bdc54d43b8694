/**
 * Grid sequence numbers (standards.md §2.1): inside one 社区/村 the grids are numbered
 * "从西向东、由北至南" — in rows from north to south, and within a row from west to east.
 * The same rule orders any set of sibling areas by position (streets, communities).
 */

/** A reference point of an area (e.g. its centroid): WGS84 longitude, latitude. */
export type LngLat = readonly [lng: number, lat: number]

/**
 * The order in which to number `points`: the indices of `points`, first to last.
 *
 * Rows are bands of latitude: a row starts at the northernmost point not yet numbered and
 * takes every remaining point at most `rowTolerance` degrees south of it; inside a row the
 * points run west to east. With a tolerance of 0 every distinct latitude is its own row.
 * Equal points keep their input order, so the result is deterministic.
 */
export function numberingOrder(points: readonly LngLat[], rowTolerance = 0): number[] {
  if (!(rowTolerance >= 0)) throw new RangeError('rowTolerance must be a non-negative number')
  const byLatitude = points
    .map((p, index) => ({ lng: p[0], lat: p[1], index }))
    .sort((a, b) => b.lat - a.lat || a.lng - b.lng || a.index - b.index)
  const order: number[] = []
  let rowStart = 0
  while (rowStart < byLatitude.length) {
    const top = byLatitude[rowStart]?.lat ?? 0
    let rowEnd = rowStart
    while (rowEnd < byLatitude.length && top - (byLatitude[rowEnd]?.lat ?? 0) <= rowTolerance) rowEnd++
    const row = byLatitude.slice(rowStart, rowEnd).sort((a, b) => a.lng - b.lng || a.index - b.index)
    for (const p of row) order.push(p.index)
    rowStart = rowEnd
  }
  return order
}

/**
 * The sequence number (1-based) each point gets, in input order: the inverse of
 * {@link numberingOrder}.
 */
export function sequenceNumbers(points: readonly LngLat[], rowTolerance = 0): number[] {
  const numbers = new Array<number>(points.length).fill(0)
  numberingOrder(points, rowTolerance).forEach((index, position) => {
    numbers[index] = position + 1
  })
  return numbers
}

/** A grid's 15-digit code: the 12-digit community/village code and a 3-digit sequence 001–999. */
export function gridCode(communityCode: string, sequence: number): string {
  if (!/^\d{12}$/.test(communityCode)) throw new RangeError(`not a community code: ${communityCode}`)
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999) {
    throw new RangeError(`grid sequence out of range 1–999: ${sequence}`)
  }
  return `${communityCode}${String(sequence).padStart(3, '0')}`
}
