import * as L from 'leaflet'

type Box = { x0: number; y0: number; x1: number; y1: number }
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1

/**
 * Shows the permanent name labels of a layer's shapes only where they fit: inside their shape's box at
 * this zoom and clear of the labels already shown, larger shapes first. Small town-centre streets crowd
 * together on a district map; their names would print over each other.
 */
export function fitShapeLabels(map: L.Map, layer: L.GeoJSON, fontPx: number): void {
  const shapes: { polygon: L.Polygon; name: string; area: number; box: Box; centre: L.Point }[] = []
  layer.eachLayer((child) => {
    if (!(child instanceof L.Polygon)) return
    const bounds = child.getBounds()
    const sw = map.latLngToContainerPoint(bounds.getSouthWest())
    const ne = map.latLngToContainerPoint(bounds.getNorthEast())
    const box = { x0: sw.x, y0: ne.y, x1: ne.x, y1: sw.y }
    const name = String(
      (child.feature as { properties?: { name?: string } } | undefined)?.properties?.name ?? '',
    )
    shapes.push({
      polygon: child,
      name,
      area: (box.x1 - box.x0) * (box.y1 - box.y0),
      box,
      centre: map.latLngToContainerPoint(child.getCenter()),
    })
  })
  shapes.sort((a, b) => b.area - a.area)
  const shown: Box[] = []
  for (const s of shapes) {
    // CJK characters are about as wide as the font is high, others half.
    let width = 0
    for (const char of s.name) width += /[\u2e80-\uffff]/.test(char) ? fontPx : fontPx / 2
    const label = {
      x0: s.centre.x - width / 2 - 2,
      x1: s.centre.x + width / 2 + 2,
      y0: s.centre.y - fontPx / 2 - 2,
      y1: s.centre.y + fontPx / 2 + 2,
    }
    const inside = s.box.x1 - s.box.x0 >= width + 6 && s.box.y1 - s.box.y0 >= fontPx + 6
    if (inside && !shown.some((b) => overlaps(b, label))) {
      shown.push(label)
      s.polygon.openTooltip()
    } else s.polygon.closeTooltip()
  }
}
