import { describe, expect, it } from 'vitest'
import {
  codeLabel,
  codesOf,
  documentKinds,
  educationCodes,
  ethnicCodes,
  relationCodes,
  sexCodes,
} from './codes.ts'

const tables = { sexCodes, ethnicCodes, educationCodes, relationCodes, documentKinds }

describe('code tables', () => {
  it.each(Object.entries(tables))('%s has unique codes and both labels', (_, table) => {
    const codes = codesOf(table)
    expect(new Set(codes).size).toBe(codes.length)
    for (const entry of table) {
      expect(entry.zh.length).toBeGreaterThan(0)
      expect(entry.en.length).toBeGreaterThan(0)
    }
  })

  it('codes sex as GB/T 2261.1 does', () => {
    expect(codeLabel(sexCodes, '1')?.zh).toBe('男')
    expect(codeLabel(sexCodes, '2')?.zh).toBe('女')
    expect(codesOf(sexCodes).sort()).toEqual(['0', '1', '2', '9'])
  })

  it('lists the 56 ethnic groups 01–56 in order, then 97 and 98', () => {
    const codes = codesOf(ethnicCodes)
    expect(codes).toHaveLength(58)
    expect(codes.slice(0, 56)).toEqual(Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')))
    expect(codes.slice(56)).toEqual(['97', '98'])
    expect(codeLabel(ethnicCodes, '01')?.zh).toBe('汉族')
    expect(codeLabel(ethnicCodes, '04')?.zh).toBe('藏族')
    expect(codeLabel(ethnicCodes, '46')?.zh).toBe('德昂族')
    expect(codeLabel(ethnicCodes, '56')?.zh).toBe('基诺族')
    // Every name but the two catch-alls is a 族.
    for (const e of ethnicCodes.slice(0, 56)) expect(e.zh.endsWith('族')).toBe(true)
  })

  it('uses two-digit education codes in steps of ten', () => {
    expect(codesOf(educationCodes)).toEqual(['10', '20', '30', '40', '60', '70', '80', '90'])
  })

  it('keeps 99 for 非亲属 in the relation table', () => {
    expect(codeLabel(relationCodes, '99')?.zh).toBe('非亲属')
    expect(codeLabel(relationCodes, '10')?.zh).toBe('配偶')
    for (const code of codesOf(relationCodes)) expect(code).toMatch(/^\d\d$/)
  })

  it('numbers document kinds with GA/T 517 codes', () => {
    expect(codeLabel(documentKinds, '111')?.zh).toBe('居民身份证')
    expect(codeLabel(documentKinds, '414')?.zh).toBe('护照')
    expect(codeLabel(documentKinds, '123')).toBeNull()
  })
})
