import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import type { Plugin } from 'vite'

/** What Vite keeps beside each output chunk: the CSS and assets it pulled in. */
interface ChunkMeta {
  importedCss?: Set<string>
  importedAssets?: Set<string>
}

interface OutputChunkLike {
  type: 'chunk'
  fileName: string
  isEntry: boolean
  facadeModuleId: string | null
  imports: string[]
  dynamicImports: string[]
  viteMetadata?: ChunkMeta
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

/**
 * The field entry's service worker, built with the app: `field/sw.js` holding the list of exactly the
 * files the field app needs (its HTML; the scripts reachable from its entry, lazy pages included; their
 * CSS and fonts; the icons and manifest under public/field), and a version that changes with them.
 * The console's, citizen page's and big screen's files are left out: a phone keeps only its app.
 * See docs/adr/0012-field-app-offline.md.
 */
export function fieldServiceWorker(options: { root: string; entry?: string }): Plugin {
  const entry = options.entry ?? 'field'
  const htmlPath = resolve(options.root, entry, 'index.html')
  const publicDir = resolve(options.root, 'public', entry)
  const source = resolve(import.meta.dirname, 'sw.js')
  return {
    name: 'onegrid-field-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, OutputChunkLike>()
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk') chunks.set(item.fileName, item as unknown as OutputChunkLike)
      }
      const start = [...chunks.values()].find((c) => c.isEntry && c.facadeModuleId === htmlPath)
      if (!start) throw new Error(`${entry}/index.html has no entry chunk: cannot list its files`)
      const files = new Set<string>([`${entry}/index.html`])
      const todo = [start.fileName]
      for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
        if (files.has(name)) continue
        files.add(name)
        const chunk = chunks.get(name)
        if (!chunk) continue
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css)
        for (const asset of chunk.viteMetadata?.importedAssets ?? []) files.add(asset)
        todo.push(...chunk.imports, ...chunk.dynamicImports)
      }
      // Fonts and images a stylesheet refers to (Vant's icon font) are assets of the CSS, not of a chunk.
      for (const item of Object.values(bundle)) {
        if (item.type !== 'asset' || !item.fileName.endsWith('.css') || !files.has(item.fileName)) continue
        const css = String(item.source)
        for (const other of Object.values(bundle)) {
          if (other.type === 'asset' && css.includes(other.fileName.split('/').pop() ?? '\0'))
            files.add(other.fileName)
        }
      }
      for (const file of filesUnder(publicDir)) files.add(relative(resolve(options.root, 'public'), file))

      const urls = [...files].map((f) => `/${f.split('\\').join('/')}`).sort()
      const hash = createHash('sha256')
      for (const url of urls) hash.update(url)
      const html = bundle[`${entry}/index.html`]
      if (html?.type === 'asset') hash.update(String(html.source))
      const version = hash.digest('hex').slice(0, 12)
      const code = [
        `const PRECACHE = ${JSON.stringify(urls, null, 1)};`,
        `const VERSION = ${JSON.stringify(version)};`,
        readFileSync(source, 'utf8'),
      ].join('\n')
      this.emitFile({ type: 'asset', fileName: `${entry}/sw.js`, source: code })
    },
  }
}
