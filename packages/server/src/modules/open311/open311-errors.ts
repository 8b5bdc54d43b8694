import type { Language } from '../../platform/http/language.ts'

export type Open311ErrorItem = { code: number; description: string }

/**
 * An error in the specification's form: 403 for a missing or bad api_key, 404
 * for an unknown jurisdiction, service, request or token, 400 for the rest;
 * several may be returned at once, each naming the parameter.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly errors: readonly { param?: string; zh: string; en: string }[],
  ) {
    super(errors.map((e) => e.en).join('; '))
    this.name = 'Open311Error'
  }

  items(language: Language): Open311ErrorItem[] {
    return this.errors.map((e) => ({
      code: this.status,
      description: `${e.param ? `${e.param}: ` : ''}${language === 'zh' ? e.zh : e.en}`,
    }))
  }
}

export const badRequest = (param: string, zh: string, en: string) =>
  new Open311Error(400, [{ param, zh, en }])
export const notFound = (param: string, zh: string, en: string) => new Open311Error(404, [{ param, zh, en }])
