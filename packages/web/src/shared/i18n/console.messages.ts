// The console (/) loads the common messages and its own; English only when first shown in it.
import commonZhCN, { type CommonMessages } from './common.zh-CN.ts'
import consoleZhCN, { type ConsoleMessages } from './console.zh-CN.ts'
import type { AppMessages } from './index.ts'

const consoleMessages: AppMessages<CommonMessages & ConsoleMessages> = {
  'zh-CN': { ...commonZhCN, ...consoleZhCN },
  async en() {
    const [common, own] = await Promise.all([import('./common.en.ts'), import('./console.en.ts')])
    return { ...common.default, ...own.default }
  },
}

export default consoleMessages
