import { z } from 'zod'

/**
 * Stable, English error codes. Clients switch on `code`; `message` and the
 * per-field texts are localised for the caller (Accept-Language, zh-CN first).
 */
export const errorCodes = [
  'validation',
  'unauthorized',
  'forbidden',
  'password_change_required',
  'not_found',
  'conflict',
  'invalid_transition',
  'not_admitted',
  'idempotency_conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
] as const
export type ErrorCode = (typeof errorCodes)[number]

export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      /** Structured facts for clients, e.g. a refusal's admitted alternatives (see the code's docs). */
      details: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'ErrorBody' })
export type TErrorBody = z.infer<typeof ZErrorBody>
