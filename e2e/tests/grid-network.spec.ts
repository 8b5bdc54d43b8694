import { expect, type Page, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { clickShape, closeSheet, openSheet } from './network-map.ts'
import { expectPolygons, getJson, login, screenshot } from './support.ts'

type Position = [number, number]
interface AreaRef {
  code: string
  name: string
  level: string
}
interface AreaDetail extends AreaRef {
  ancestors: AreaRef[]
  boundaryVersion: number | null
}
interface GridFeature {
  geometry: { type: 'MultiPolygon'; coordinates: Position[][][] }
}
interface FeatureCollection {
  features: { geometry: { type: 'MultiPolygon'; coordinates: Position[][][] } }[]
}

/** Each project redraws a grid of its own: they share one server, and a redraw changes neighbours too. */
const gridOf = { desktop: '110120001001001', mobile: '110120001002001' } as const

// ---------------------------------------------------------------- a little plane geometry for the drag

const mercatorY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))

function insideRing([x, y]: Position, ring: Position[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position
    const [xj, yj] = ring[j] as Position
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function distanceToSegment([px, py]: Position, [ax, ay]: Position, [bx, by]: Position): number {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const side = (p: Position, q: Position, r: Position) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
  return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0
}

/** Whether a closed ring crosses itself (edges sharing a vertex do not count). */
function selfCrossing(ring: Position[]): boolean {
  const n = ring.length
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue
      const [a, b, c, d] = [ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n]] as Position[]
      if (a && b && c && d && segmentsCross(a, b, c, d)) return true
    }
  }
  return false
}

/**
 * Drags one vertex of the grid being edited a little outward, into its neighbours: a vertex inside the
 * community (not on its outline), so the new boundary stays within the community and neighbours give way.
 */
async function dragVertexOutward(page: Page, gridCode: string, communityCode: string): Promise<void> {
  const grid = await getJson<GridFeature>(page.request, `/api/grids/${gridCode}/geometry`)
  const community = await getJson<FeatureCollection>(
    page.request,
    `/api/areas/geojson?under=${communityCode}&level=community`,
  )
  const ring = (grid.geometry.coordinates[0]?.[0] ?? []).slice(0, -1)
  const outline = community.features.flatMap((f) => f.geometry.coordinates.flat())

  // Geoman's vertex handles come in no particular order: they are matched to vertices by position.
  const handles = page
    .getByTestId('areas-map')
    .locator('.leaflet-marker-pane .marker-icon:not(.marker-icon-middle)')
  await expect(handles).toHaveCount(ring.length)
  const centres: Position[] = []
  for (const box of await Promise.all((await handles.all()).map((h) => h.boundingBox()))) {
    if (box) centres.push([box.x + box.width / 2, box.y + box.height / 2])
  }

  // Screen x is linear in longitude and screen y in Mercator y: fit both from the extremes.
  const lngs = ring.map(([lng]) => lng)
  const ys = ring.map(([, lat]) => mercatorY(lat))
  const xs = centres.map(([x]) => x)
  const sy = centres.map(([, y]) => y)
  const scaleX = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...lngs) - Math.min(...lngs))
  const scaleY = (Math.max(...sy) - Math.min(...sy)) / (Math.max(...ys) - Math.min(...ys))
  const toScreen = ([lng, lat]: Position): Position => [
    Math.min(...xs) + (lng - Math.min(...lngs)) * scaleX,
    Math.max(...sy) - (mercatorY(lat) - Math.min(...ys)) * scaleY,
  ]
  const screenOutline = outline.map((r) => r.map(toScreen))
  const toOutline = (p: Position) =>
    Math.min(
      ...screenOutline.flatMap((r) => r.slice(1).map((b, i) => distanceToSegment(p, r[i] as Position, b))),
    )
  const insideCommunity = (p: Position) => screenOutline.some((r) => insideRing(p, r))

  const screenRing = ring.map(toScreen)
  const centroid: Position = [
    screenRing.reduce((s, [x]) => s + x, 0) / screenRing.length,
    screenRing.reduce((s, [, y]) => s + y, 0) / screenRing.length,
  ]
  const step = 14
  // Geoman refuses a move that makes the boundary cross itself, and so would the server.
  const candidates = screenRing
    .map((vertex, i) => {
      const [dx, dy] = [vertex[0] - centroid[0], vertex[1] - centroid[1]]
      const length = Math.hypot(dx, dy) || 1
      const target: Position = [vertex[0] + (dx / length) * step, vertex[1] + (dy / length) * step]
      const moved = screenRing.map((p, j) => (j === i ? target : p))
      return { vertex, target, moved, room: toOutline(vertex), margin: toOutline(target) }
    })
    .filter((c) => c.room > 10 && insideCommunity(c.target) && c.margin > 3 && !selfCrossing(c.moved))
    .sort((a, b) => b.margin - a.margin)
  const chosen = candidates[0]
  if (!chosen) throw new Error(`grid ${gridCode} has a vertex inside its community to drag`)

  // The handle nearest the chosen vertex, dragged with the mouse in small steps.
  const [handle] = centres
    .map((c) => ({ c, d: Math.hypot(c[0] - chosen.vertex[0], c[1] - chosen.vertex[1]) }))
    .sort((a, b) => a.d - b.d)
  if (!handle || handle.d > 6) throw new Error('a vertex handle sits on the chosen vertex')
  await page.mouse.move(handle.c[0], handle.c[1])
  await page.mouse.down()
  await page.mouse.move(chosen.target[0], chosen.target[1], { steps: 8 })
  await page.mouse.up()
}

test.describe('grid network map', () => {
  test('drills into a grid, redraws it with a dry run first and finds the new version in its history', async ({
    page,
  }, testInfo) => {
    const gridCode = gridOf[testInfo.project.name as keyof typeof gridOf] ?? gridOf.desktop
    const grid = await getJson<AreaDetail>(page.request, `/api/areas/${gridCode}`)
    const [district, street, community] = grid.ancestors
    if (!district || !street || !community)
      throw new Error(`grid ${gridCode} has a district, street and community`)

    await login(page, demo.admin, { path: '/areas' })

    // The whole network: every grid of the district drawn, the streets named.
    await expect(page.getByTestId('selected-area')).toHaveText(district.name)
    await expectPolygons(page, 'areas-map', 1000)
    await expect(page.getByTestId('areas-map').getByText(street.name, { exact: true })).toBeVisible()
    await expect(page.getByTestId('map-legend')).toContainText('基础网格')
    await screenshot(page, testInfo, 'grid-network')

    // Clicking the grid drills one level at a time: its street, its community, the grid itself.
    for (const area of [street, community, grid]) {
      await clickShape(page, gridCode)
      await expect(page.getByTestId('selected-area')).toHaveText(area.name)
    }
    await expect(page.getByTestId('area-breadcrumbs')).toContainText(community.name)

    // The grid's card.
    await openSheet(page)
    const card = page.getByTestId('area-card')
    await expect(card.getByTestId('area-card-name')).toHaveText(grid.name)
    await expect(card.getByTestId('area-card-code')).toHaveText(gridCode)
    await expect(card).toContainText(community.name)
    await expect(card).toContainText(street.name)
    const before = grid.boundaryVersion ?? 1
    await expect(card.getByTestId('area-card-version')).toContainText(`第 ${before} 版`)
    await screenshot(page, testInfo, 'grid-card')

    // Redraw: drag a vertex outward, give a reason, dry run, then confirm.
    await card.getByTestId('redraw-start').click()
    await closeSheet(page)
    await dragVertexOutward(page, gridCode, community.code)
    await expect(page.getByTestId('redraw-state')).toContainText('边界已修改')
    await openSheet(page)
    await page.getByTestId('redraw-reason').fill('按街道批复，与相邻网格以新建道路为界')
    await page.getByTestId('redraw-dry-run').click()
    const preview = page.getByTestId('redraw-preview')
    await expect(preview).toBeVisible()
    await expect(preview.getByTestId('redraw-trimmed').locator('li').first()).toBeVisible()
    await expect(page.getByTestId('area-card-version')).toHaveCount(0)
    await screenshot(page, testInfo, 'grid-redraw-dry-run')
    await page.getByTestId('redraw-confirm').click()

    // The new version is current; the old one can be drawn dashed beside it.
    const history = page.getByTestId('grid-history')
    await expect(history).toBeVisible()
    const current = history.getByTestId(`history-version-${before + 1}`)
    await expect(current).toContainText('当前')
    await expect(current).toContainText('按街道批复')
    await expect(current).toContainText('系统管理员')
    await history.getByTestId(`history-show-${before}`).click()
    await expect(page.getByTestId('areas-map').locator('path.og-past-version')).toHaveCount(1)
    await screenshot(page, testInfo, 'grid-history')

    const after = await getJson<AreaDetail>(page.request, `/api/areas/${gridCode}`)
    expect(after.boundaryVersion).toBe(before + 1)
  })
})
