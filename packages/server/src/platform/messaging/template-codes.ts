import { type MessageTemplate, messageTemplates, type TemplateCodes } from './sender.ts'

/**
 * A gateway's codes per template key, as configured: JSON
 * (`{"phone_code":"SMS_1"}`) or a list (`phone_code=SMS_1,case_closed=SMS_3`).
 * Throws with the reason (an unknown key, a malformed pair); the config
 * names the variable.
 */
export function parseTemplateCodes(value: string): TemplateCodes {
  const text = value.trim()
  const pairs: [string, unknown][] = /^[[{]/.test(text)
    ? Object.entries(parseJsonObject(text))
    : text
        .split(/[,;\n]/)
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map((part) => {
          const at = part.indexOf('=')
          if (at <= 0) throw new Error(`"${part}" is not key=code`)
          return [part.slice(0, at).trim(), part.slice(at + 1).trim()]
        })
  const codes: TemplateCodes = {}
  for (const [key, code] of pairs) {
    if (!isTemplate(key)) throw new Error(`unknown template ${key} (known: ${messageTemplates.join(', ')})`)
    if (typeof code !== 'string' || code === '') throw new Error(`template ${key} has no code`)
    codes[key] = code
  }
  return codes
}

function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error('is neither JSON nor a key=code list')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('must be a JSON object of template key to code')
  return parsed as Record<string, unknown>
}

function isTemplate(key: string): key is MessageTemplate {
  return (messageTemplates as readonly string[]).includes(key)
}
