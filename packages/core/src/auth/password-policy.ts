export type PasswordProblem = 'too_short' | 'too_few_classes' | 'contains_username' | 'too_long'

/**
 * 等保 2.0 level 3 style policy: at least 8 characters from three of the four
 * classes (lower, upper, digit, symbol), and not the username (either way round).
 * Reuse of the last five passwords is checked by the server, which holds the hashes.
 */
export function checkPassword(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = []
  if ([...password].length < 8) problems.push('too_short')
  if ([...password].length > 128) problems.push('too_long')
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length
  if (classes < 3) problems.push('too_few_classes')
  const p = password.toLowerCase()
  const u = username.toLowerCase()
  if (u.length >= 3 && (p.includes(u) || p.includes([...u].reverse().join(''))))
    problems.push('contains_username')
  return problems
}

export const passwordProblemText: Record<PasswordProblem, { zh: string; en: string }> = {
  too_short: { zh: '密码至少 8 个字符', en: 'at least 8 characters' },
  too_long: { zh: '密码不能超过 128 个字符', en: 'at most 128 characters' },
  too_few_classes: {
    zh: '须包含小写字母、大写字母、数字、符号中的至少三类',
    en: 'use at least three of: lower case, upper case, digits, symbols',
  },
  contains_username: { zh: '密码不能包含用户名', en: 'must not contain the username' },
}
