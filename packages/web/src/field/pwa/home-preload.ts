import type { HtmlTagDescriptor, Plugin } from 'vite'

interface ChunkLike {
  type: 'chunk'
  fileName: string
  isEntry: boolean
  facadeModuleId: string | null
  imports: string[]
  viteMetadata?: { importedCss?: Set<string> }
}

const slashes = (path: string) => path.split('\\').join('/')

/**
 * The field app opens on its home page (a signed-in worker's first screen, router.ts loads it on
 * demand like every page). This names the page's code and CSS in the entry's HTML, beside the app's
 * own: the phone fetches them with the rest instead of after the app has started and the router asked
 * for the page, and the page's CSS is in place before the first paint. Nothing else changes: the page
 * still runs when the router opens it, and a worker who is not signed in fetches a few KB more.
 */
export function fieldHomePreload(options: { html: string; page: string }): Plugin {
  let base = '/'
  return {
    name: 'onegrid-field-home-preload',
    apply: 'build',
    configResolved(config) {
      base = config.base
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle || !slashes(ctx.filename).endsWith(options.html)) return
        const chunks = new Map<string, ChunkLike>()
        for (const item of Object.values(ctx.bundle))
          if (item.type === 'chunk') chunks.set(item.fileName, item as unknown as ChunkLike)
        const all = [...chunks.values()]
        const entry = all.find((c) => c.isEntry && c.fileName === ctx.chunk?.fileName)
        const page = all.find((c) => slashes(c.facadeModuleId ?? '').endsWith(options.page))
        if (!entry || !page)
          throw new Error(`${options.html}: no chunk for ${entry ? options.page : 'the entry'}`)
        const reach = (start: ChunkLike): Set<string> => {
          const seen = new Set<string>()
          const todo = [start.fileName]
          for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
            if (seen.has(name)) continue
            seen.add(name)
            todo.push(...(chunks.get(name)?.imports ?? []))
          }
          return seen
        }
        const loaded = reach(entry)
        const loadedCss = new Set(
          [...loaded].flatMap((f) => [...(chunks.get(f)?.viteMetadata?.importedCss ?? [])]),
        )
        const scripts = [...reach(page)].filter((f) => !loaded.has(f))
        const styles = [
          ...new Set(scripts.flatMap((f) => [...(chunks.get(f)?.viteMetadata?.importedCss ?? [])])),
        ].filter((f) => !loadedCss.has(f))
        const link = (rel: string, file: string): HtmlTagDescriptor => ({
          tag: 'link',
          attrs: { rel, crossorigin: true, href: `${base}${file}` },
          injectTo: 'head',
        })
        return [...styles.map((f) => link('stylesheet', f)), ...scripts.map((f) => link('modulepreload', f))]
      },
    },
  }
}
