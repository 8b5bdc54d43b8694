// The big screen (/screen/) loads the common messages and its own; English only when first shown in it.
import commonZhCN, { type CommonMessages } from './common.zh-CN.ts'
import type { AppMessages } from './index.ts'
import screenZhCN, { type ScreenMessages } from './screen.zh-CN.ts'

const screenMessages: AppMessages<CommonMessages & ScreenMessages> = {
  'zh-CN': { ...commonZhCN, ...screenZhCN },
  async en() {
    const [common, own] = await Promise.all([import('./common.en.ts'), import('./screen.en.ts')])
    return { ...common.default, ...own.default }
  },
}

export default screenMessages
