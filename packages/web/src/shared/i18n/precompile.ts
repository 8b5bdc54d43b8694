import { baseCompile } from '@intlify/message-compiler'
import type { Plugin } from 'vite'

/**
 * Messages compiled at build time. vue-i18n otherwise ships its message compiler (~37 KB before gzip)
 * and compiles each message the first time it is shown; here every message of the message modules
 * (`shared/i18n/*.zh-CN.ts`, `*.en.ts`) is compiled by the same compiler, `@intlify/message-compiler`,
 * into the AST vue-i18n's runtime formats (what it would make at run time), and the build leaves the
 * compiler out (`__INTLIFY_DROP_MESSAGE_COMPILER__`). The runtime walks the AST: no `eval`, so the
 * strict Content-Security-Policy holds. Tests and `npm run dev` keep the plain strings and the compiler.
 *
 * A message module holds only message trees: string values in object literals, spread or referenced
 * objects of other message modules. Anything else (an expression, a template with `${}`) would reach
 * the runtime uncompiled, so the build stops and names it; so does a message the compiler refuses.
 */

const messageModule = /\/src\/shared\/i18n\/(?:[\w-]+\.)?(?:zh-CN|en)\.ts$/

interface EsNode {
  type: string
  start: number
  end: number
  [field: string]: unknown
}

function isNode(value: unknown): value is EsNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

function nodes(value: unknown): EsNode[] {
  return Array.isArray(value) ? value.filter(isNode) : isNode(value) ? [value] : []
}

/** The text of a string literal, or of a template without `${}`; undefined for anything else. */
function messageText(value: EsNode): string | undefined {
  if (value.type === 'Literal' && typeof value.value === 'string') return value.value
  const [quasi, more] = nodes(value.quasis)
  if (value.type !== 'TemplateLiteral' || more || nodes(value.expressions).length > 0) return undefined
  const cooked = (quasi?.value as { cooked?: unknown } | undefined)?.cooked
  return typeof cooked === 'string' ? cooked : undefined
}

interface Replacement {
  start: number
  end: number
  code: string
}

/** The JavaScript of a message's AST, as vue-i18n's runtime reads it (minified keys, no locations). */
export function compileMessage(source: string, where: string): string {
  const errors: string[] = []
  const { ast } = baseCompile(source, {
    jit: true,
    minify: true,
    location: false,
    onError: (error) => errors.push(error.message),
  })
  if (errors.length > 0) throw new Error(`${where}: ${errors.join('; ')} in ${JSON.stringify(source)}`)
  return JSON.stringify(ast)
}

/** The module with every message compiled; throws on anything that is not a message tree. */
export function precompileModule(code: string, program: unknown, id: string): string {
  const replacements: Replacement[] = []
  const fail = (node: EsNode, path: string, what: string): never => {
    throw new Error(
      `${id}: ${path || 'top level'}: ${what} (line ${code.slice(0, node.start).split('\n').length})`,
    )
  }

  const tree = (object: EsNode, path: string): void => {
    for (const member of nodes(object.properties)) {
      if (member.type === 'SpreadElement') {
        const [argument] = nodes(member.argument)
        if (argument?.type !== 'Identifier') fail(member, path, 'only a message object may be spread')
        continue
      }
      const [key] = nodes(member.key)
      const name = key?.type === 'Identifier' ? key.name : key?.type === 'Literal' ? key.value : undefined
      if (member.type !== 'Property' || member.computed || member.method || typeof name !== 'string')
        fail(member, path, 'not a plain key')
      const at = path ? `${path}.${String(name)}` : String(name)
      const [value] = nodes(member.value)
      const text = value ? messageText(value) : undefined
      if (!value) fail(member, at, 'no value')
      else if (text !== undefined)
        replacements.push({ start: value.start, end: value.end, code: compileMessage(text, `${id}: ${at}`) })
      else if (value.type === 'ObjectExpression') tree(value, at)
      else if (value.type !== 'Identifier') fail(value, at, `a ${value.type} is not a message`)
    }
  }

  const [root] = nodes(program)
  for (const statement of nodes(root?.body)) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' ? nodes(statement.declaration)[0] : statement
    if (!declaration || declaration.type === 'ImportDeclaration') continue
    if (declaration.type === 'VariableDeclaration') {
      for (const declarator of nodes(declaration.declarations)) {
        const [init] = nodes(declarator.init)
        if (init?.type !== 'ObjectExpression') fail(declarator, '', 'a constant that is not a message object')
        else tree(init, '')
      }
    } else if (declaration.type === 'ExportDefaultDeclaration') {
      const [exported] = nodes(declaration.declaration)
      if (exported?.type === 'ObjectExpression') tree(exported, '')
      else if (exported?.type !== 'Identifier')
        fail(declaration, '', 'the default export is not a message object')
    } else fail(declaration, '', `a ${declaration.type} in a message module`)
  }

  let out = ''
  let from = 0
  for (const { start, end, code: compiled } of replacements.sort((a, b) => a.start - b.start)) {
    out += code.slice(from, start) + compiled
    from = end
  }
  return out + code.slice(from)
}

/** The Vite plugin: in a build, messages compiled and vue-i18n without its compiler. */
export function precompiledMessages(): Plugin {
  return {
    name: 'onegrid-precompiled-messages',
    apply: 'build',
    config: () => ({ define: { __INTLIFY_DROP_MESSAGE_COMPILER__: true } }),
    transform(code, id) {
      if (!messageModule.test(id.replace(/\\/g, '/'))) return null
      return { code: precompileModule(code, this.parse(code), id), map: null }
    },
  }
}
