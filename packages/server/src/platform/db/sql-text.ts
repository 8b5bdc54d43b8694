/** A user's text inside a LIKE pattern: its %, _ and \ match themselves. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

/** PostgreSQL's unique_violation (23505), from either driver. */
export function isUniqueViolation(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === '23505'
  )
}

/** The constraint a unique violation broke (both drivers report it), to name the field. */
export function violatedConstraint(err: unknown): string | null {
  if (!isUniqueViolation(err) || typeof err !== 'object' || err === null || !('constraint' in err))
    return null
  const name = (err as { constraint: unknown }).constraint
  return typeof name === 'string' ? name : null
}
