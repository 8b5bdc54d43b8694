/**
 * Masking for display: personal data is shown masked by default and revealed
 * only through an explicit, audited action.
 */

/**
 * 11010519491231002X → 110105********002X: the region (where the record is
 * kept anyway) and the last four (what people read out to confirm) stay; the
 * birth date and sequence are hidden. Other documents keep three and four.
 */
export function maskIdNumber(value: string): string {
  const v = value.trim()
  if (v.length <= 7) return '*'.repeat(v.length)
  const head = v.length >= 15 ? 6 : 3
  return `${v.slice(0, head)}${'*'.repeat(v.length - head - 4)}${v.slice(-4)}`
}

/** 13812345678 → 138****5678; landlines keep area code and last two digits. */
export function maskPhone(value: string): string {
  const digits = value.replace(/[\s-]/g, '')
  if (/^(\+?86)?1\d{10}$/.test(digits)) {
    const local = digits.slice(-11)
    return `${local.slice(0, 3)}****${local.slice(-4)}`
  }
  if (digits.length <= 5) return '*'.repeat(digits.length)
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`
}

/** 张三 → 张*, 王小明 → 王*明, 欧阳娜娜 → 欧**娜; Latin names keep the initial of each word. */
export function maskName(value: string): string {
  const v = value.trim()
  const chars = [...v]
  if (/^[\p{Script=Han}·]+$/u.test(v)) {
    if (chars.length <= 1) return v
    if (chars.length === 2) return `${chars[0]}*`
    return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
  }
  return v
    .split(/\s+/)
    .map((w) => (w.length <= 1 ? w : `${w[0]}${'*'.repeat(w.length - 1)}`))
    .join(' ')
}

/**
 * Keeps the place names and hides the numbers that find a door:
 * 养育巷12号3栋501室 → 养育巷**号*栋***室.
 */
export function maskAddress(value: string): string {
  return value.replace(/[0-9０-９]+/g, (d) => '*'.repeat(Math.min(d.length, 4)))
}
