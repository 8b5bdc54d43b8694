import { describe, expect, it } from 'vitest'
import { policyChecklist, policyMessage } from './password.ts'

describe('password policy feedback', () => {
  it('marks nothing before anything is typed', () => {
    expect(policyChecklist('', 'wanggeyuan', 'zh-CN').map((r) => r.state)).toEqual([
      'pending',
      'pending',
      'pending',
    ])
  })

  it('marks each rule as the password changes, with the server’s texts', () => {
    const weak = policyChecklist('abc', 'wanggeyuan', 'zh-CN')
    expect(weak.map((r) => [r.problem, r.state])).toEqual([
      ['too_short', 'bad'],
      ['too_few_classes', 'bad'],
      ['contains_username', 'ok'],
    ])
    expect(weak[0]?.text).toBe('密码至少 8 个字符')
    const good = policyChecklist('Grid#2026ok', 'wanggeyuan', 'en')
    expect(good.every((r) => r.state === 'ok')).toBe(true)
    expect(
      policyChecklist('Wanggeyuan#1', 'wanggeyuan', 'en').find((r) => r.problem === 'contains_username'),
    ).toMatchObject({ state: 'bad', text: 'must not contain the username' })
  })

  it('words a refusal the way the server does', () => {
    expect(policyMessage('password', 'li', 'zh-CN')).toBe('须包含小写字母、大写字母、数字、符号中的至少三类')
    expect(policyMessage('abc', 'li', 'en')).toBe(
      'at least 8 characters; use at least three of: lower case, upper case, digits, symbols',
    )
    expect(policyMessage('Grid#2026ok', 'li', 'zh-CN')).toBeNull()
  })
})
