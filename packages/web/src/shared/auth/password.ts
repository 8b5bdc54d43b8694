import { checkPassword, type PasswordProblem, passwordProblemText } from '@onegrid/core/auth/password-policy'
import type { AppLocale } from '../i18n/locale.ts'

export type PolicyRule = { problem: PasswordProblem; text: string; state: 'pending' | 'ok' | 'bad' }

/** The rules always listed; `too_long` appears only when broken. */
const listed: readonly PasswordProblem[] = ['too_short', 'too_few_classes', 'contains_username']

export function problemText(problem: PasswordProblem, locale: AppLocale): string {
  return passwordProblemText[problem][locale === 'en' ? 'en' : 'zh']
}

/**
 * The policy as a checklist for live feedback, from the same `checkPassword` the server runs.
 * Nothing is marked until something is typed.
 */
export function policyChecklist(password: string, username: string, locale: AppLocale): PolicyRule[] {
  const problems = checkPassword(password, username)
  const rules: PasswordProblem[] = problems.includes('too_long') ? [...listed, 'too_long'] : [...listed]
  return rules
    .filter((p) => p !== 'contains_username' || username.length >= 3)
    .map((problem) => ({
      problem,
      text: problemText(problem, locale),
      state: password === '' ? 'pending' : problems.includes(problem) ? 'bad' : 'ok',
    }))
}

/** What the server would answer for a password the policy refuses, or null when it passes. */
export function policyMessage(password: string, username: string, locale: AppLocale): string | null {
  const problems = checkPassword(password, username)
  if (problems.length === 0) return null
  return problems.map((p) => problemText(p, locale)).join(locale === 'en' ? '; ' : '；')
}
