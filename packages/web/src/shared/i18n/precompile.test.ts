import { parseSync } from 'vite'
import { describe, expect, it } from 'vitest'
import en from './en.ts'
import { createLoadedI18n, type MessageParts } from './index.ts'
import { compileMessage, precompileModule } from './precompile.ts'
import zhCN from './zh-CN.ts'

const precompile = (code: string) => precompileModule(code, parseSync('m.js', code).program, 'm.js')

type Tree = { [key: string]: string | Tree }
type Compiled = { [key: string]: unknown }

function compileTree(tree: Tree, prefix = ''): Compiled {
  return Object.fromEntries(
    Object.entries(tree).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? JSON.parse(compileMessage(value, prefix + key))
        : compileTree(value, `${prefix}${key}.`),
    ]),
  )
}

function messages(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[prefix + key, value]] : messages(value, `${prefix}${key}.`),
  )
}

describe('messages compiled at build time', () => {
  it('replaces every message of a module with its AST and leaves the rest as it was', () => {
    const code =
      "import b from './b.ts'\nconst a = { 标题: '中文 {n}', y: { z: `模板` }, ...b, c: b }\nexport default a\n"
    expect(precompile(code)).toBe(
      `import b from './b.ts'\nconst a = { 标题: ${compileMessage('中文 {n}', '')}, y: { z: ${compileMessage('模板', '')} }, ...b, c: b }\nexport default a\n`,
    )
  })

  it('stops at anything that would reach the page uncompiled', () => {
    expect(() => precompile("export default { a: { b: 'x' + 'y' } }")).toThrow(/a\.b: a BinaryExpression/)
    const placeholder = '$' + '{n}'
    expect(() => precompile(`import n from './n.ts'\nexport default { a: \`x${placeholder}\` }`)).toThrow(
      /a: a TemplateLiteral/,
    )
    expect(() => precompile("const n = 1\nexport default { a: 'x' }")).toThrow(/a constant that is not/)
    expect(() => precompile("export default { a: ['x'] }")).toThrow(/a: a ArrayExpression/)
    expect(() => precompile('export default make()')).toThrow(/default export/)
    expect(() => precompile("export default { a: 'x }' }")).toThrow(/^m\.js: a: Unbalanced closing brace/)
  })

  it('formats every message of every app as vue-i18n does when it compiles them itself', () => {
    const trees: Record<'zh-CN' | 'en', Tree> = { 'zh-CN': zhCN, en }
    const atRunTime = createLoadedI18n(trees, 'zh-CN')
    // The compiled trees hold ASTs where the types say strings: what the build gives the runtime.
    const atBuild = createLoadedI18n(
      { 'zh-CN': compileTree(zhCN) as MessageParts, en: compileTree(en) as MessageParts },
      'zh-CN',
    )
    let checked = 0
    for (const locale of ['zh-CN', 'en'] as const) {
      atRunTime.global.locale.value = locale
      atBuild.global.locale.value = locale
      for (const [key, source] of messages(trees[locale])) {
        const named = Object.fromEntries([...source.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], `‹${m[1]}›`]))
        for (const count of [1, 2]) {
          expect(atBuild.global.t(key, named, count), key).toBe(atRunTime.global.t(key, named, count))
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(4000)
  }, 30_000) // some 9,000 messages formatted twice: 3 s on a quiet machine
})
