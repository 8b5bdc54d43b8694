import type { Clock } from '../../platform/clock.ts'

/** How long a looked-up name is trusted: a renamed account shows its new name within a minute. */
const ttlMs = 60_000

/** People's display names for timelines, looked up once a minute at most per person. */
export function displayNames(
  lookup: (ids: number[]) => Promise<Map<number, string>>,
  clock: Clock,
): (id: number) => Promise<string | undefined> {
  const known = new Map<number, { name: string; at: number }>()
  return async (id) => {
    const now = clock.now().getTime()
    const hit = known.get(id)
    if (hit && now - hit.at < ttlMs) return hit.name
    const name = (await lookup([id])).get(id)
    if (name !== undefined) known.set(id, { name, at: now })
    return name
  }
}
