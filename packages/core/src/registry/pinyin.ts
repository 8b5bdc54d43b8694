/**
 * Pinyin search keys for people's names, so that a grid worker can find 张三丰 by
 * typing `zhangsanfeng` or `zsf`.
 *
 * Surnames are read with pinyin-pro's surname mode, which knows that 单 is shàn, 曾 is
 * zēng, 解 is xiè and so on at the head of a name. Keys are lower-case, toneless and use
 * `v` for ü (吕 → lv), which is how pinyin input methods are typed.
 */
import { pinyin } from 'pinyin-pro'

export type NameSearchKeys = { full: string; initials: string }

/**
 * Surnames pinyin-pro 3.29.4 still reads with the common reading; checked by hand:
 * 长孙 chángsūn (not zhǎng), 种 chóng (种师道), 秘 bì, 单于 chányú.
 */
const surnameFixes: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['长孙', ['chang', 'sun']],
  ['单于', ['chan', 'yu']],
  ['种', ['chong']],
  ['秘', ['bi']],
]

const han = /\p{Script=Han}/u
/** Whitespace and the dots that separate parts of transcribed names (阿卜杜拉·买买提). */
const separator = /[\s·•‧・.]/u

type Run = { han: boolean; text: string }

/** Splits a name into runs of Han characters, other words, and separators (dropped). */
function runs(name: string): Run[] {
  const out: Run[] = []
  for (const ch of name) {
    if (separator.test(ch)) {
      out.push({ han: false, text: '' })
      continue
    }
    const isHan = han.test(ch)
    const last = out.at(-1)
    if (last && last.han === isHan && (isHan || last.text !== '')) last.text += ch
    else out.push({ han: isHan, text: ch })
  }
  return out.filter((r) => r.text !== '')
}

function hanSyllables(text: string, atHead: boolean): string[] {
  if (atHead) {
    const fix = surnameFixes.find(([surname]) => text.startsWith(surname))
    if (fix) {
      const rest = text.slice(fix[0].length)
      return [...fix[1], ...(rest ? hanSyllables(rest, false) : [])]
    }
  }
  return pinyin(text, { toneType: 'none', type: 'array', v: true, surname: atHead ? 'head' : 'off' })
}

/**
 * Full pinyin and initials of a name. Non-Han parts (Latin letters, digits) pass
 * through lower-cased; each such word gives its first character to the initials.
 * Spaces and name-separator dots are dropped.
 */
export function nameSearchKeys(name: string): NameSearchKeys {
  return searchKeys(name, true)
}

/**
 * The same keys for a phrase that is not a person's name (a catalog item such as 单车乱停放):
 * its first character is read as a word, not as a surname.
 */
export function phraseSearchKeys(phrase: string): NameSearchKeys {
  return searchKeys(phrase, false)
}

function searchKeys(name: string, surnameFirst: boolean): NameSearchKeys {
  const parts = runs(name.normalize('NFKC').trim())
  let full = ''
  let initials = ''
  parts.forEach((run, index) => {
    if (run.han) {
      const syllables = hanSyllables(run.text, surnameFirst && index === 0)
      full += syllables.join('')
      initials += syllables.map((s) => s.charAt(0)).join('')
    } else {
      const word = run.text.toLowerCase()
      full += word
      initials += word.charAt(0)
    }
  })
  return { full, initials }
}
