// The citizen page (/citizen/) loads the common messages and its own; English only when first shown in it.

import citizenZhCN, { type CitizenMessages } from './citizen.zh-CN.ts'
import commonZhCN, { type CommonMessages } from './common.zh-CN.ts'
import type { AppMessages } from './index.ts'

const citizenMessages: AppMessages<CommonMessages & CitizenMessages> = {
  'zh-CN': { ...commonZhCN, ...citizenZhCN },
  async en() {
    const [common, own] = await Promise.all([import('./common.en.ts'), import('./citizen.en.ts')])
    return { ...common.default, ...own.default }
  },
}

export default citizenMessages
