import type { ErrorCode } from '@onegrid/core/api/errors'

/** A text a person reads, in both of the product's languages. */
export type LocalText = { zh: string; en: string }
export const text = (zh: string, en: string): LocalText => ({ zh, en })

/**
 * The one error taxonomy. Services throw these; `error-handler.ts` is the one
 * place that turns them into HTTP responses.
 */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode
  abstract readonly status: number
  readonly text: LocalText
  readonly fields: Record<string, LocalText> | undefined
  /** Facts for clients beyond the message (e.g. a refusal's alternatives), already in both languages where text. */
  details: Record<string, unknown> | undefined

  constructor(message: LocalText, fields?: Record<string, LocalText>) {
    super(message.en)
    this.text = message
    this.fields = fields
  }
}

export class ValidationError extends AppError {
  readonly code = 'validation'
  readonly status = 400
  constructor(
    fields: Record<string, LocalText>,
    message = text('请求有误，请检查标出的字段', 'Some fields are invalid'),
  ) {
    super(message, fields)
  }
}

export class Unauthorized extends AppError {
  readonly code = 'unauthorized'
  readonly status = 401
}

export class Forbidden extends AppError {
  readonly code = 'forbidden'
  readonly status = 403
}

/** The account still has its initial password: only getMe, changePassword and logout answer. */
export class PasswordChangeRequired extends AppError {
  readonly code = 'password_change_required'
  readonly status = 403
}

export class NotFound extends AppError {
  readonly code = 'not_found'
  readonly status = 404
  constructor(what: LocalText, id: string) {
    super(
      text(
        `${what.zh}「${id}」不存在或无权查看`,
        `${what.en} "${id}" does not exist or is not visible to you`,
      ),
    )
  }
}

export class Conflict extends AppError {
  readonly code = 'conflict'
  readonly status = 409
}

/**
 * 回绝: the matter is not on the admission list of grid work. `details` carries
 * the item, the reason and the admitted items a reporter could use instead.
 */
export class NotAdmitted extends AppError {
  readonly code = 'not_admitted'
  readonly status = 422
  constructor(message: LocalText, details: Record<string, unknown>) {
    super(message)
    this.details = details
  }
}

/** The action is not allowed from the entity's current state (e.g. closing an unverified case). */
export class InvalidTransition extends AppError {
  readonly code = 'invalid_transition'
  readonly status = 409
}

export class IdempotencyConflict extends AppError {
  readonly code = 'idempotency_conflict'
  readonly status = 409
}

export class PayloadTooLarge extends AppError {
  readonly code = 'payload_too_large'
  readonly status = 413
}

export class UnsupportedMediaType extends AppError {
  readonly code = 'unsupported_media_type'
  readonly status = 415
}

export class Unavailable extends AppError {
  readonly code = 'unavailable'
  readonly status = 503
}

/** Too many requests from one phone, address or key in a window; `details.retryAfter` says when to try again. */
export class TooManyRequests extends AppError {
  readonly code = 'rate_limited'
  readonly status = 429
}
