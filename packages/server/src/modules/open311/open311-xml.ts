/**
 * Open311's XML: the JSON shapes as elements, in the order given, lists as a
 * plural element holding singular ones (`<services><service>`), as the
 * specification's examples show. Null is an empty element.
 */
const singular: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}
// Characters XML 1.0 cannot carry at all are dropped rather than breaking the document.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what must go
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

export function escapeXml(text: string): string {
  return text.replace(forbidden, '').replace(/[&<>"']/g, (c) => escapes[c] ?? c)
}

function element(name: string, value: unknown, depth: number): string {
  const pad = '  '.repeat(depth)
  if (value === null || value === undefined) return `${pad}<${name}/>`
  if (Array.isArray(value)) {
    const child = singular[name] ?? 'item'
    if (value.length === 0) return `${pad}<${name}/>`
    return `${pad}<${name}>\n${value.map((v) => element(child, v, depth + 1)).join('\n')}\n${pad}</${name}>`
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    if (entries.length === 0) return `${pad}<${name}/>`
    return `${pad}<${name}>\n${entries.map(([k, v]) => element(k, v, depth + 1)).join('\n')}\n${pad}</${name}>`
  }
  return `${pad}<${name}>${escapeXml(String(value))}</${name}>`
}

/** A whole document: the declaration and one root element. */
export function xmlDocument(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, 0)}\n`
}
