import type { TMapConfig } from '@onegrid/core/api/system'

const tianditu = (layer: 'vec' | 'cva', key: string) => ({
  // Web-Mercator WMTS of 天地图; its CGCS2000 coordinates match our WGS84 ones at map scale.
  url: `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
  attribution: '© 天地图 国家地理信息公共服务平台',
  maxZoom: 18,
})

/**
 * Which basemap the web pages draw under our boundaries: 天地图 when a key is
 * configured, else a configured tile URL, else none (works offline).
 */
export function mapConfig(settings: {
  tiandituKey: string | undefined
  tileUrl: string | undefined
}): TMapConfig {
  if (settings.tiandituKey) {
    return {
      source: 'tianditu',
      layers: [tianditu('vec', settings.tiandituKey), tianditu('cva', settings.tiandituKey)],
    }
  }
  if (settings.tileUrl) {
    return {
      source: 'custom',
      layers: [{ url: settings.tileUrl, subdomains: ['a', 'b', 'c'], attribution: '', maxZoom: 19 }],
    }
  }
  return { source: 'none', layers: [] }
}
