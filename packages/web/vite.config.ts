import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import Components from 'unplugin-vue-components/vite'
import { defineConfig, type Plugin } from 'vite'
import { fieldServiceWorker } from './src/field/pwa/precache-plugin.ts'
import { precompiledMessages } from './src/shared/i18n/precompile.ts'

const root = import.meta.dirname
/** Entries besides the console, each served under /<name>/ by the server. */
const subEntries = ['field', 'citizen', 'screen'] as const
/** Where `npm run dev` sends API calls; the server's default port unless told otherwise. */
const apiTarget = process.env.ONEGRID_API_URL ?? 'http://127.0.0.1:3000'

/**
 * The style entries of a UI library's components, for the dev pre-bundle. The resolvers add these imports
 * on the fly, where Vite's dependency scan cannot see them, and each late discovery reloads the page; a glob
 * in optimizeDeps.include does not find them (Vant has no `exports`; Element Plus's point at .d.ts first).
 */
function styleEntries(pkg: string, componentsDir: string, entry: string): string[] {
  const dir = resolve(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), componentsDir)
  return readdirSync(dir)
    .filter((name) => existsSync(resolve(dir, name, `${entry}.mjs`)))
    .map((name) => `${pkg}/${componentsDir}/${name}/${entry}`)
}

/** In dev, deep links like /field/areas get the field entry's page, as the server does in production. */
function entryFallback(): Plugin {
  return {
    name: 'onegrid-entry-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '/'
        const entry = subEntries.find((name) => url === `/${name}` || url.startsWith(`/${name}/`))
        const looksLikePage = req.headers.accept?.includes('text/html') && !/\.\w+(\?|$)/.test(url)
        if (entry && looksLikePage) req.url = `/${entry}/index.html`
        next()
      })
    },
  }
}

/**
 * Vant's icon font lists a CDN copy after its inline woff2. Browsers may still fetch it, which the
 * server's CSP blocks and an offline field worker cannot reach; the inline font is all we need.
 */
function vantIconFontInline(): Plugin {
  return {
    name: 'onegrid-vant-icon-font-inline',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').includes('/vant/es/icon/index.css')) return null
      return { code: code.replace(/,url\(\/\/at\.alicdn\.com\/[^)]*\) format\("woff"\)/g, ''), map: null }
    },
  }
}

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    AutoImport({
      resolvers: [ElementPlusResolver(), VantResolver()],
      dts: resolve(root, 'src/types/auto-imports.d.ts'),
    }),
    Components({
      // Our own components are imported explicitly; only the UI libraries' ones are resolved.
      dirs: [],
      resolvers: [ElementPlusResolver(), VantResolver()],
      dts: resolve(root, 'src/types/components.d.ts'),
    }),
    entryFallback(),
    vantIconFontInline(),
    fieldServiceWorker({ root }),
    precompiledMessages(),
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks each entry loads, for `npm run bench` (the field app's JS weight).
    manifest: true,
    rolldownOptions: {
      input: {
        console: resolve(root, 'index.html'),
        ...Object.fromEntries(subEntries.map((name) => [name, resolve(root, name, 'index.html')])),
      },
    },
  },
  // Pre-bundle what the resolvers import on demand, so the dev server does not reload mid-page.
  optimizeDeps: {
    include: [
      'vue',
      'vue-router',
      'pinia',
      'vue-i18n',
      'leaflet',
      'echarts/core',
      'echarts/charts',
      'echarts/components',
      'echarts/renderers',
      'element-plus/es',
      'element-plus/es/locale/lang/en',
      'element-plus/es/locale/lang/zh-cn',
      ...styleEntries('element-plus', 'es/components', 'style/css'),
      'vant',
      'vant/es',
      'vant/es/locale/lang/en-US',
      'vant/es/locale/lang/zh-CN',
      ...styleEntries('vant', 'es', 'style/index'),
    ],
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/health': { target: apiTarget, changeOrigin: true },
    },
  },
})
