import { phraseSearchKeys } from '@onegrid/core/registry/pinyin'

const known = new Map<string, string>()

/**
 * Pinyin initials of a catalog item's name (垃圾堆放 → "ljdf"), for the field app's picker: worked out
 * here, so no pinyin dictionary ships to the phone. Names are few and change seldom: each is read once.
 */
export function catalogInitials(name: string): string {
  let initials = known.get(name)
  if (initials === undefined) {
    initials = phraseSearchKeys(name).initials
    if (known.size > 10_000) known.clear()
    known.set(name, initials)
  }
  return initials
}
