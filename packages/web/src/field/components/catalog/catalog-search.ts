/**
 * The report's category picker: the admitted items of the catalog, found by part of their name, by
 * their code, or by the pinyin initials of their name (垃圾 → "lj"; precomputed by the server, so no
 * pinyin dictionary ships to the phone), with the ones this worker used lately on top.
 */

/** An item summary as the catalog tree carries it, with the initials the server adds. */
export interface CatalogTreeItem {
  code: string
  name: string
  admitted: boolean
  retired: boolean
  selfHandle: boolean
  photoRequired: boolean
  /** Pinyin initials of the name, lower case (e.g. "ljdl" for 垃圾堆放); absent from older servers. */
  initials?: string | undefined
}

export interface CatalogTreeLike {
  majors: readonly { code: string; name: string; domain?: string; items: readonly CatalogTreeItem[] }[]
}

export interface PickerItem {
  code: string
  name: string
  majorCode: string
  majorName: string
  /** The catalog domain of the class (dispute, fire, city_management …): picks the quick phrases. */
  domain: string
  initials: string
  selfHandle: boolean
  photoRequired: boolean
}

export interface PickerGroup {
  code: string
  name: string
  items: PickerItem[]
}

/** The items a worker may report: admitted and not retired, in the catalog's order. */
export function pickerItems(tree: CatalogTreeLike | null | undefined): PickerItem[] {
  const items: PickerItem[] = []
  for (const major of tree?.majors ?? [])
    for (const item of major.items) {
      if (!item.admitted || item.retired) continue
      items.push({
        code: item.code,
        name: item.name,
        majorCode: major.code,
        majorName: major.name,
        domain: major.domain ?? 'other',
        initials: (item.initials ?? '').toLowerCase(),
        selfHandle: item.selfHandle,
        photoRequired: item.photoRequired,
      })
    }
  return items
}

/** How well an item answers the text: higher is better, 0 is no match. */
function score(item: PickerItem, text: string): number {
  const lower = text.toLowerCase()
  if (item.name === text) return 100
  if (item.name.startsWith(text)) return 80
  if (item.name.includes(text)) return 60
  if (/^[a-z]+$/.test(lower) && item.initials) {
    if (item.initials === lower) return 90
    if (item.initials.startsWith(lower)) return 70
    if (item.initials.includes(lower)) return 40
  }
  if (/^[0-9a-z]+$/i.test(text) && item.code.startsWith(text.toUpperCase())) return 50
  if (item.majorName.includes(text)) return 20
  return 0
}

/**
 * The items matching `query` (name, initials, code, class), best first; among equals the recently used
 * first, then the catalog's order. An empty query gives every item in the catalog's order.
 */
export function searchItems(
  items: readonly PickerItem[],
  query: string,
  recent: readonly string[] = [],
): PickerItem[] {
  const text = query.trim().replace(/\s+/g, '')
  if (!text) return [...items]
  const rank = (code: string) => {
    const i = recent.indexOf(code)
    return i === -1 ? recent.length : i
  }
  return items
    .map((item, order) => ({ item, order, score: score(item, text) }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || rank(a.item.code) - rank(b.item.code) || a.order - b.order)
    .map((m) => m.item)
}

/** Items grouped by their class (大类), in the order the classes first appear. */
export function groupByClass(items: readonly PickerItem[]): PickerGroup[] {
  const groups = new Map<string, PickerGroup>()
  for (const item of items) {
    let group = groups.get(item.majorCode)
    if (!group) {
      group = { code: item.majorCode, name: item.majorName, items: [] }
      groups.set(item.majorCode, group)
    }
    group.items.push(item)
  }
  return [...groups.values()]
}

/** The recently used items that still exist, most recent first. */
export function recentItems(items: readonly PickerItem[], recent: readonly string[]): PickerItem[] {
  const byCode = new Map(items.map((i) => [i.code, i]))
  return recent.flatMap((code) => byCode.get(code) ?? [])
}

/** The recent list after using `code`: it moves to the front, the list kept to `max`. */
export function withRecent(recent: readonly string[], code: string, max = 8): string[] {
  return [code, ...recent.filter((c) => c !== code)].slice(0, max)
}

const recentKey = (userId: number | null) => `onegrid.field.recentItems.${userId ?? 'anon'}`

/** The device's recent items for a user (localStorage: small, and kept across sign-ins). */
export function loadRecent(userId: number | null): string[] {
  try {
    const raw = JSON.parse(localStorage.getItem(recentKey(userId)) ?? '[]') as unknown
    return Array.isArray(raw) ? raw.filter((c): c is string => typeof c === 'string') : []
  } catch {
    return []
  }
}

export function saveRecent(userId: number | null, recent: readonly string[]): void {
  try {
    localStorage.setItem(recentKey(userId), JSON.stringify(recent))
  } catch {
    // A full or blocked storage only loses the convenience.
  }
}
