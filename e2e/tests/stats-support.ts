import { type APIRequestContext, expect, type Locator, type Page } from '@playwright/test'
import { demoPassword } from './accounts.ts'

/** The statistics as the API answers them (core/api/stats.ts), as far as the journeys read them. */
export interface KpiValue {
  key: string
  kind: 'count' | 'rate' | 'hours'
  value: number | null
  numerator: number
  denominator: number | null
  smallSample: boolean
}
export interface KpiReport {
  scope: { areaCode: string | null; areaName: string | null }
  totals: KpiValue[]
}
export interface Dashboard {
  period: { label: string }
  scope: { areaCode: string | null; areaName: string | null }
  tiles: KpiValue[]
  today: KpiValue[]
  ranking: { rows: { key: string; name: string; rank: number | null; bottom: boolean }[] }
  open: { green: number; yellow: number; red: number; none: number; supervised: number }
  overdue: { id: number; code: string }[]
}

const grouped = new Intl.NumberFormat('zh-CN')

/** What a tile shows beside a rate: "1,008 / 1,083"; hours show their number of cases. */
export function fractionText(kpi: KpiValue): string {
  if (kpi.kind === 'count' || kpi.denominator === null) return ''
  if (kpi.kind === 'hours') return grouped.format(kpi.denominator)
  return `${grouped.format(kpi.numerator)} / ${grouped.format(kpi.denominator)}`
}

/**
 * The KPI tiles under `within` (each `[data-testid^=prefix]` carrying its numerator and denominator, with
 * its fraction as text) that disagree with the API's totals; an empty list when they all agree.
 */
export async function tileMismatches(
  within: Locator,
  prefix: string,
  fractionTestId: string,
  totals: readonly KpiValue[],
): Promise<string[]> {
  // Tiles carry their counts; their parts' test ids share the prefix but not the attributes.
  const shown = await within.locator(`[data-testid^="${prefix}"][data-numerator]`).evaluateAll(
    (elements, args) =>
      elements.map((e) => {
        const el = e as HTMLElement
        return {
          key: (el.dataset.testid ?? '').slice(args.prefix.length),
          numerator: el.dataset.numerator ?? '',
          denominator: el.dataset.denominator ?? '',
          fraction: el.querySelector(`[data-testid="${args.fractionTestId}"]`)?.textContent?.trim() ?? '',
        }
      }),
    { prefix, fractionTestId },
  )
  if (shown.length === 0) return ['no tiles shown']
  return shown.flatMap((tile) => {
    const kpi = totals.find((k) => k.key === tile.key)
    if (!kpi) return [`${tile.key}: not in the API's answer`]
    const wanted = {
      numerator: String(kpi.numerator),
      denominator: kpi.denominator === null ? '' : String(kpi.denominator),
      fraction: fractionText(kpi),
    }
    const fraction = tile.fraction.replace(/\s*件$/, '')
    return wanted.numerator === tile.numerator &&
      wanted.denominator === tile.denominator &&
      (wanted.fraction === '' || fraction === wanted.fraction)
      ? []
      : [`${tile.key}: shows ${JSON.stringify(tile)}, the API says ${JSON.stringify(wanted)}`]
  })
}

/** Polls until the page's tiles agree with a fresh answer of the API (the counts move when cases do). */
export async function expectTilesAsApi(
  page: Page,
  within: Locator,
  prefix: string,
  fractionTestId: string,
  query: string,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`/api/stats/kpis?${query}`)
        if (!response.ok()) return [`/api/stats/kpis?${query} answers ${response.status()}`]
        const report = (await response.json()) as KpiReport
        return tileMismatches(within, prefix, fractionTestId, report.totals)
      },
      { message: `tiles as /api/stats/kpis?${query}`, timeout: 20_000 },
    )
    .toEqual([])
}

async function token(request: APIRequestContext, username: string): Promise<string> {
  const signIn = await request.post('/api/auth/login', { data: { username, password: demoPassword } })
  expect(signIn.ok()).toBe(true)
  return ((await signIn.json()) as { token: string }).token
}

/**
 * A hotline call taken by the demo's operator through the API (POST /api/cases), at the place of an open
 * case of the demo (so inside the district), with an admitted item that needs no form: the new case.
 */
export async function reportHotlineCase(
  request: APIRequestContext,
  title: string,
): Promise<{ id: number; code: string; title: string }> {
  const auth = { authorization: `Bearer ${await token(request, 'shouliyuan')}` }
  const catalog = (await (await request.get('/api/catalog?admitted=true', { headers: auth })).json()) as {
    majors: { items: { code: string; admitted: boolean; retired: boolean; fieldCount: number }[] }[]
  }
  const item = catalog.majors
    .flatMap((m) => m.items)
    .find((i) => i.admitted && !i.retired && i.fieldCount === 0)
  const map = (await (await request.get('/api/cases/map', { headers: auth })).json()) as {
    points: [number, number, number, string, string][]
  }
  const place = map.points[0]
  if (!item || !place)
    throw new Error('the demo has no admitted item without a form, or no open case on the map')
  const response = await request.post('/api/cases', {
    headers: auth,
    data: {
      itemCode: item.code,
      channel: 'hotline',
      title,
      description: `${title}：来电反映，请核实处理`,
      location: { lng: place[1], lat: place[2] },
    },
  })
  expect(response.ok(), `reporting a case answers ${response.status()}`).toBe(true)
  return (await response.json()) as { id: number; code: string; title: string }
}
