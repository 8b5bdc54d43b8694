import type { TErrorBody } from '@onegrid/core/api/errors'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { en as zodEn, zhCN as zodZh } from 'zod/locales'
import type { $ZodIssue } from 'zod/v4/core'
import { AppError, type LocalText, text } from './errors.ts'
import { type Language, preferredLanguage } from './language.ts'

const zodLocales = { zh: zodZh(), en: zodEn() }

function localiseIssue(issue: $ZodIssue, lang: Language): string {
  // Our schemas' own messages are "中文 / English"; zod's locale knows only its generic texts ("invalid input").
  if (issue.message?.includes(' / ')) {
    const [zh, en] = issue.message.split(' / ')
    return (lang === 'en' ? en : zh) ?? issue.message
  }
  const out = zodLocales[lang].localeError(issue as Parameters<(typeof zodLocales)['zh']['localeError']>[0])
  if (typeof out === 'string') return out
  return out?.message ?? issue.message
}

function body(
  request: FastifyRequest,
  code: TErrorBody['error']['code'],
  message: string,
  fields?: Record<string, string>,
  details?: Record<string, unknown>,
): TErrorBody {
  return {
    error: {
      code,
      message,
      ...(fields ? { fields } : {}),
      ...(details ? { details } : {}),
      requestId: request.id,
    },
  }
}

const pick = (t: LocalText, lang: Language) => t[lang]

/** The single mapping from thrown errors to HTTP responses (see docs/API.md#errors). */
export function installErrorHandler(
  app: FastifyInstance,
  fallback?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null,
): void {
  app.setErrorHandler(
    (error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) => {
      const lang = preferredLanguage(request.headers['accept-language'])

      if (error instanceof AppError) {
        const fields = error.fields
          ? Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, pick(v, lang)]))
          : undefined
        if (error.status >= 500) request.log.error({ err: error }, error.message)
        return reply
          .status(error.status)
          .send(body(request, error.code, pick(error.text, lang), fields, error.details))
      }

      if (hasZodFastifySchemaValidationErrors(error)) {
        const fields: Record<string, string> = {}
        const context = (error as { validationContext?: string }).validationContext ?? 'body'
        for (const v of error.validation) {
          const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.')
          const issue = {
            ...v.params,
            code: v.keyword,
            path: path ? path.split('.') : [],
            message: v.message,
          } as $ZodIssue
          const key = path || context
          fields[key] ??= localiseIssue(issue, lang)
        }
        const message = text('请求有误，请检查标出的字段', 'Some fields are invalid')
        return reply.status(400).send(body(request, 'validation', pick(message, lang), fields))
      }

      const status = (error as FastifyError).statusCode ?? 500
      if (status === 413) {
        return reply
          .status(413)
          .send(body(request, 'payload_too_large', pick(text('上传内容过大', 'Payload too large'), lang)))
      }
      if (status === 415) {
        return reply
          .status(415)
          .send(
            body(
              request,
              'unsupported_media_type',
              pick(text('不支持的内容类型', 'Unsupported media type'), lang),
            ),
          )
      }
      if (status === 429) {
        return reply
          .status(429)
          .send(
            body(request, 'rate_limited', pick(text('请求过于频繁，请稍后再试', 'Too many requests'), lang)),
          )
      }
      if (status >= 400 && status < 500) {
        // Fastify's own client errors (malformed JSON, empty body with a JSON content type...).
        const fields = { body: error.message }
        return reply
          .status(400)
          .send(body(request, 'validation', pick(text('请求格式有误', 'Malformed request'), lang), fields))
      }
      request.log.error({ err: error }, 'unhandled error')
      return reply
        .status(500)
        .send(body(request, 'internal', pick(text('服务器内部错误', 'Internal server error'), lang)))
    },
  )

  app.setNotFoundHandler((request, reply) => {
    const served = fallback?.(request, reply)
    if (served) return served
    const lang = preferredLanguage(request.headers['accept-language'])
    return reply
      .status(404)
      .send(
        body(
          request,
          'not_found',
          pick(text(`没有这个地址：${request.url}`, `No route ${request.method} ${request.url}`), lang),
        ),
      )
  })
}
