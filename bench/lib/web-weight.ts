/**
 * What an entry of the web build weighs: its JavaScript and CSS, gzipped as the server sends them,
 * read from Vite's build manifest (dist/.vite/manifest.json). "Initial" is what the entry loads
 * before its first screen (the entry chunk and its static imports); "all" adds every lazily loaded
 * page and what those import, which is what the field app's service worker keeps for offline use.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

type ManifestChunk = {
  file: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}
type Manifest = Record<string, ManifestChunk>

export type Weight = { files: number; bytes: number; gzipBytes: number }
export type EntryWeight = { initialJs: Weight; allJs: Weight; allCss: Weight }

function weigh(dist: string, files: Iterable<string>): Weight {
  let count = 0
  let bytes = 0
  let gzipBytes = 0
  for (const file of files) {
    const content = readFileSync(join(dist, file))
    count++
    bytes += content.length
    gzipBytes += gzipSync(content).length
  }
  return { files: count, bytes, gzipBytes }
}

/** `entry` is the manifest key of the entry's HTML, e.g. `field/index.html`. */
export function entryWeight(dist: string, entry: string): EntryWeight {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Manifest
  if (!manifest[entry]) throw new Error(`${entry} is not an entry of the web build`)
  const walk = (start: string, lazy: boolean): Set<string> => {
    const seen = new Set<string>()
    const stack = [start]
    while (stack.length > 0) {
      const key = stack.pop() as string
      if (seen.has(key)) continue
      seen.add(key)
      const chunk = manifest[key]
      if (!chunk) continue
      stack.push(...(chunk.imports ?? []))
      if (lazy) stack.push(...(chunk.dynamicImports ?? []))
    }
    return seen
  }
  const filesOf = (keys: Set<string>) =>
    [...keys].map((k) => manifest[k]?.file).filter((f) => f?.endsWith('.js'))
  const all = walk(entry, true)
  const css = new Set([...all].flatMap((k) => manifest[k]?.css ?? []))
  return {
    initialJs: weigh(dist, new Set(filesOf(walk(entry, false)) as string[])),
    allJs: weigh(dist, new Set(filesOf(all) as string[])),
    allCss: weigh(dist, css),
  }
}
