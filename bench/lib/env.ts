/** A positive integer setting from the environment (`_` as a thousands separator allowed), or the fallback. */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name]?.replaceAll('_', '').trim()
  if (!raw) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${raw} must be a positive integer`)
  return value
}
