import type { RouteLocationRaw } from 'vue-router'
import { searchHouses } from '../../../shared/api/places.ts'
import type { THousehold } from '../../../shared/api/registry.ts'
import { placeRef } from '../places/place-format.ts'
import type { RecordOption } from '../places/record-options.ts'

/**
 * Houses a household may move into, by part of their standard address: the first page of the server's
 * search (the caller's jurisdiction only, so a house it would refuse is never offered). The grid tells
 * apart two houses of the same address in different grids.
 */
export async function houseOptions(q: string): Promise<RecordOption[]> {
  const { items } = await searchHouses({ q, pageSize: 20 })
  return items.map((h) => ({ value: h.id, label: h.address, hint: h.gridName }))
}

/** The house on 地·物·组织, its tab chosen and its drawer open (the page keeps both in its address). */
export const houseLink = (houseId: number): RouteLocationRaw => ({
  path: '/registry/places',
  query: { tab: 'house', open: placeRef('house', houseId) },
})

/**
 * What the household card says of the house: its address, a house outside the caller's jurisdiction
 * (the server names no address then), or none.
 */
export type HouseShown =
  | { kind: 'house'; id: number; address: string }
  | { kind: 'outside' }
  | { kind: 'none' }

export function houseShown(household: Pick<THousehold, 'houseId' | 'houseAddress'>): HouseShown {
  if (household.houseId === null) return { kind: 'none' }
  if (household.houseAddress === null) return { kind: 'outside' }
  return { kind: 'house', id: household.houseId, address: household.houseAddress }
}
