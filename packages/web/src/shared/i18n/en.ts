// Every message of every app, in English (the same shape as zh-CN.ts, checked by the compiler).
import citizenEn from './citizen.en.ts'
import commonEn from './common.en.ts'
import consoleEn from './console.en.ts'
import fieldEn from './field.en.ts'
import screenEn from './screen.en.ts'
import type { MessageSchema } from './zh-CN.ts'

const en: MessageSchema = {
  ...commonEn,
  ...consoleEn,
  ...fieldEn,
  ...citizenEn,
  ...screenEn,
}

export default en
