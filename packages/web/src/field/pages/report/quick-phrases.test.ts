import { describe, expect, it } from 'vitest'
import { addPhrase, handlingPhrases, reportPhrases } from './quick-phrases.ts'

describe('quick phrases', () => {
  it('offers the domain’s own phrases first, then the common ones, in the page’s language', () => {
    const fire = reportPhrases('fire', 'zh-CN')
    expect(fire[0]).toBe('消防通道被占用')
    expect(fire).toContain('已拍照取证')
    expect(reportPhrases(null, 'en')[0]).toBe('Found on the spot')
    expect(handlingPhrases('zh-CN')).toContain('已现场处置完毕')
  })

  it('adds a phrase with a comma, never twice', () => {
    expect(addPhrase('', '现场发现', 'zh-CN')).toBe('现场发现')
    expect(addPhrase('路边垃圾', '影响通行', 'zh-CN')).toBe('路边垃圾，影响通行')
    expect(addPhrase('路边垃圾。', '影响通行', 'zh-CN')).toBe('路边垃圾。影响通行')
    expect(addPhrase('路边垃圾，影响通行', '影响通行', 'zh-CN')).toBe('路边垃圾，影响通行')
    expect(addPhrase('Rubbish', 'Blocks the way', 'en')).toBe('Rubbish, Blocks the way')
  })
})
