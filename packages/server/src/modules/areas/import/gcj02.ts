import gcoord from 'gcoord'
import type { Position } from './reproject.ts'

/**
 * GCJ-02 ("Mars coordinates", 国测局坐标) is the obfuscated lng/lat that Amap,
 * Tencent and most Chinese web maps use; it sits a few hundred metres off
 * WGS84. Files traced over such a map are flagged `crs=gcj02` on import and
 * converted here. Outside China the two coincide.
 */
export function gcj02ToWgs84(p: Position): Position {
  // gcoord inverts to about 5 mm; a few fixed-point steps on the exact forward
  // formula bring it to floating-point precision, so boundaries traced on a
  // GCJ-02 map come back with the very vertices their neighbours share.
  let [lng, lat] = gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84)
  for (let i = 0; i < 4; i++) {
    const [x, y] = wgs84ToGcj02([lng, lat])
    const dx = x - p[0]
    const dy = y - p[1]
    if (Math.abs(dx) < 1e-13 && Math.abs(dy) < 1e-13) break
    lng -= dx
    lat -= dy
  }
  return [lng, lat]
}

export function wgs84ToGcj02(p: Position): Position {
  const [lng, lat] = gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02)
  return [lng, lat]
}
