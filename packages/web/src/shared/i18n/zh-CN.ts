// Every message of every app, in Chinese: the source of truth for message keys (`t('…')` is type-checked
// against it, en.ts must have the same shape) and what the tests read. No app loads it whole: each loads
// the common part and its own (see index.ts and docs/ARCHITECTURE.md).
import citizenZhCN from './citizen.zh-CN.ts'
import commonZhCN from './common.zh-CN.ts'
import consoleZhCN from './console.zh-CN.ts'
import fieldZhCN from './field.zh-CN.ts'
import screenZhCN from './screen.zh-CN.ts'

const zhCN = {
  ...commonZhCN,
  ...consoleZhCN,
  ...fieldZhCN,
  ...citizenZhCN,
  ...screenZhCN,
}

export default zhCN
export type MessageSchema = typeof zhCN
