// The grid worker's app (/field/) loads the common messages and its own; English only when first shown in it.
import commonZhCN, { type CommonMessages } from './common.zh-CN.ts'
import fieldZhCN, { type FieldMessages } from './field.zh-CN.ts'
import type { AppMessages } from './index.ts'

const fieldMessages: AppMessages<CommonMessages & FieldMessages> = {
  'zh-CN': { ...commonZhCN, ...fieldZhCN },
  async en() {
    const [common, own] = await Promise.all([import('./common.en.ts'), import('./field.en.ts')])
    return { ...common.default, ...own.default }
  },
}

export default fieldMessages
