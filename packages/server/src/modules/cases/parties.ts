import type { TCaseParty, TPartyCase, TPartyEntity, ZLinkCaseParty } from '@onegrid/core/api/registry'
import { placeKindLabels } from '@onegrid/core/registry/places'
import { sql } from 'kysely'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'
import { Conflict, type LocalText, text, ValidationError } from '../../platform/http/errors.ts'
import type { CaseView } from './case-view.ts'
import { caseVisible } from './policy.ts'

type LinkInput = z.output<typeof ZLinkCaseParty>
type PartyRef = { entityType: TPartyEntity; entityId: number }

/** What the registry says of a record for the caller: a label and its grid, or null when out of reach. */
export type DescribeParty = (
  p: UserPrincipal,
  refs: readonly PartyRef[],
) => Promise<Map<string, { label: string; gridCode: string | null }>>

/** A record outside the caller's reach is named by its kind alone. */
function kindLabel(kind: TPartyEntity): string {
  if (kind === 'person') return '人员'
  if (kind === 'household') return '户'
  return placeKindLabels[kind].zh
}

export const partyKey = (r: PartyRef) => `${r.entityType}:${r.entityId}`

/**
 * The parties of a case (当事人, the household concerned): links to registry
 * records, never copies of their personal data. Linking needs the case to be
 * visible and the record to be in the caller's jurisdiction; a record's page
 * lists the cases it is a party to, as far as the caller may see them.
 */
export class CaseParties {
  constructor(
    private readonly db: Db,
    private readonly view: CaseView,
    private readonly describe: DescribeParty,
    private readonly now: () => Date,
  ) {}

  async link(
    p: UserPrincipal,
    actor: Actor,
    caseId: number,
    input: LinkInput,
  ): Promise<{ items: TCaseParty[] }> {
    const row = await this.view.visibleRow(p, caseId)
    const found = await this.describe(p, [input])
    if (!found.has(partyKey(input))) {
      const fields: Record<string, LocalText> = {
        entityId: text('该记录不存在或不在您的辖区内', 'No such record in your jurisdiction'),
      }
      throw new ValidationError(fields)
    }
    const at = this.now()
    await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('case_parties')
        .values({
          case_id: caseId,
          entity_type: input.entityType,
          entity_id: input.entityId,
          role: input.role,
          note: input.note ?? null,
          added_by: p.userId,
          added_at: at,
        })
        .onConflict((oc) => oc.columns(['case_id', 'entity_type', 'entity_id']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted)
        throw new Conflict(text('该记录已关联到此案件', 'This record is linked to the case already'))
      await auditInsert(
        trx,
        actor,
        {
          action: 'case.party.link',
          entityType: 'case',
          entityId: caseId,
          areaPath: row.areaPath,
          details: {
            code: row.code,
            entityType: input.entityType,
            entityId: input.entityId,
            role: input.role,
          },
        },
        at,
      ).execute()
    })
    return this.list(p, caseId)
  }

  async list(p: UserPrincipal, caseId: number): Promise<{ items: TCaseParty[] }> {
    await this.view.visibleRow(p, caseId)
    const rows = await this.db
      .selectFrom('case_parties')
      .select(['entity_type', 'entity_id', 'role', 'note', 'added_at'])
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute()
    const refs = rows.map((r) => ({
      entityType: r.entity_type as PartyRef['entityType'],
      entityId: r.entity_id,
    }))
    const described = await this.describe(p, refs)
    return {
      items: rows.map((r, i) => {
        const ref = refs[i] as PartyRef
        const d = described.get(partyKey(ref))
        return {
          ...ref,
          role: r.role as TCaseParty['role'],
          // A record outside the caller's jurisdiction is named by kind only.
          label: d?.label ?? kindLabel(ref.entityType),
          gridCode: d?.gridCode ?? null,
          note: r.note,
          addedAt: r.added_at.toISOString(),
        }
      }),
    }
  }

  /** The cases a record is a party to, newest first, among those the caller may see. */
  async casesOf(p: UserPrincipal, ref: PartyRef, limit = 50): Promise<TPartyCase[]> {
    const { rows } = await sql<{
      id: number
      code: string
      title: string
      status: string
      reportedAt: Date
      role: TPartyCase['role']
    }>`
      SELECT c.id, c.code, c.title, c.status, c.reported_at AS "reportedAt", cp.role
      FROM case_parties cp JOIN cases c ON c.id = cp.case_id
      WHERE cp.entity_type = ${ref.entityType} AND cp.entity_id = ${ref.entityId} AND ${caseVisible(p)}
      ORDER BY c.reported_at DESC LIMIT ${limit}`.execute(this.db)
    return rows.map((r) => ({ ...r, reportedAt: r.reportedAt.toISOString() }))
  }
}
