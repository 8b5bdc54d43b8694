import type { TCatalogField } from '@onegrid/core/api/catalog'
import type { Decision } from '@onegrid/core/cases/machine'
import { checkFieldValues } from '@onegrid/core/catalog/field-values'
import { Forbidden, InvalidTransition, text, ValidationError } from '../../platform/http/errors.ts'
import type { AttachmentRow, CaseQueries } from './queries.ts'

/** A refusal of the state machine as the one error taxonomy: state → 409, role/handler → 403, payload → 400 naming the field. */
export function refuse(decision: Extract<Decision, { ok: false }>, fallbackField = 'action'): never {
  const message = text(decision.message.zh, decision.message.en)
  switch (decision.refusal) {
    case 'state':
      throw new InvalidTransition(message)
    case 'role':
    case 'handler':
      throw new Forbidden(message)
    default:
      throw new ValidationError({ [decision.field ?? fallbackField]: message }, message)
  }
}

/** Attachments a step may carry: uploaded by the caller and not yet part of any case. */
export async function usableAttachments(
  queries: CaseQueries,
  userId: number,
  ids: readonly number[],
): Promise<AttachmentRow[]> {
  return onlyUsable(await queries.attachments({ ids }), userId, ids)
}

/** Of the rows read for `ids`, those the caller may attach; 400 unless that is all of them. */
export function onlyUsable(rows: readonly AttachmentRow[], userId: number, ids: readonly number[]) {
  const usable = rows.filter((a) => a.uploadedBy === userId && a.caseId === null)
  if (usable.length !== new Set(ids).size) unusableAttachments()
  return usable
}

/** The refusal of attachments that are unknown, another's, or part of a case already. */
export function unusableAttachments(): never {
  throw new ValidationError({
    attachmentIds: text(
      '附件不存在、不是您上传的或已被使用',
      'An attachment is unknown, not yours or used already',
    ),
  })
}

/**
 * The values of an item's handling form (处置表单) given with a handling step: checked like the
 * report form, each problem named `<path>.<key>`. Values given to a step that has no such form: 400.
 */
export function handlingValues(
  fields: readonly TCatalogField[],
  values: Readonly<Record<string, unknown>> | undefined,
  handling: boolean,
  path: string,
): Record<string, unknown> {
  const given = values ?? {}
  if (!handling) {
    if (Object.keys(given).length > 0)
      throw new ValidationError({
        [path]: text('只有处置时填写处置表单', 'Only a handling step takes the handling form'),
      })
    return {}
  }
  const problems = checkFieldValues(fields, given, 'handling')
  if (Object.keys(problems).length > 0)
    throw new ValidationError(
      Object.fromEntries(Object.entries(problems).map(([k, p]) => [`${path}.${k}`, text(p.zh, p.en)])),
    )
  return { ...given }
}
