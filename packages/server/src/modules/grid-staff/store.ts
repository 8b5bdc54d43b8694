import type { TEmployment } from '@onegrid/core/api/grid-staff'
import type { Db } from '../../platform/db/database.ts'

/** Rows per multi-row INSERT of the demo's bulk loads. */
const chunk = 1000

export type ProfileWrite = {
  userId: number
  employment: TEmployment | null
  hiredOn: string | null
  note: string | null
}
export type TrainingWrite = { userId: number; course: string; hours: number; completedOn: string }
export type QualificationWrite = {
  userId: number
  name: string
  certificateNo: string
  issuedOn: string
  expiresOn: string | null
}

async function inChunks<T>(rows: readonly T[], write: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await write(rows.slice(i, i + chunk))
}

/** Writes of grid workers' profiles, training records and qualifications; always in the caller's transaction. */
export class GridStaffStore {
  constructor(private readonly db: Db) {}

  transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work)
  }

  /** Creates the profile or changes the given fields of it. */
  async saveProfile(
    trx: Db,
    userId: number,
    changes: { employment?: TEmployment; hiredOn?: string | null; note?: string | null },
    actorId: number | null,
    now: Date,
  ): Promise<void> {
    const set = {
      ...(changes.employment !== undefined ? { employment: changes.employment } : {}),
      ...(changes.hiredOn !== undefined ? { hired_on: changes.hiredOn } : {}),
      ...(changes.note !== undefined ? { note: changes.note || null } : {}),
      updated_by: actorId,
      updated_at: now,
    }
    await trx
      .insertInto('grid_worker_profiles')
      .values({ user_id: userId, employment: null, hired_on: null, note: null, created_at: now, ...set })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(set))
      .execute()
  }

  async insertTraining(trx: Db, t: TrainingWrite, actorId: number | null, now: Date): Promise<number> {
    const row = await trx
      .insertInto('grid_worker_trainings')
      .values({
        user_id: t.userId,
        course: t.course,
        hours: t.hours,
        completed_on: t.completedOn,
        created_by: actorId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  /** Returns 0 when the worker already has a certificate with this number. */
  async insertQualification(
    trx: Db,
    q: QualificationWrite,
    actorId: number | null,
    now: Date,
  ): Promise<number> {
    const row = await trx
      .insertInto('grid_worker_qualifications')
      .values({
        user_id: q.userId,
        name: q.name,
        certificate_no: q.certificateNo,
        issued_on: q.issuedOn,
        expires_on: q.expiresOn,
        created_by: actorId,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['user_id', 'certificate_no']).doNothing())
      .returning('id')
      .executeTakeFirst()
    return row?.id ?? 0
  }

  /** The demo district's records, in multi-row INSERTs; existing profiles and certificates are kept. */
  async insertBulk(
    trx: Db,
    rows: { profiles: ProfileWrite[]; trainings: TrainingWrite[]; qualifications: QualificationWrite[] },
    now: Date,
  ): Promise<void> {
    await inChunks(rows.profiles, (part) =>
      trx
        .insertInto('grid_worker_profiles')
        .values(
          part.map((p) => ({
            user_id: p.userId,
            employment: p.employment,
            hired_on: p.hiredOn,
            note: p.note,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute(),
    )
    await inChunks(rows.trainings, (part) =>
      trx
        .insertInto('grid_worker_trainings')
        .values(
          part.map((t) => ({
            user_id: t.userId,
            course: t.course,
            hours: t.hours,
            completed_on: t.completedOn,
            created_at: now,
          })),
        )
        .execute(),
    )
    await inChunks(rows.qualifications, (part) =>
      trx
        .insertInto('grid_worker_qualifications')
        .values(
          part.map((q) => ({
            user_id: q.userId,
            name: q.name,
            certificate_no: q.certificateNo,
            issued_on: q.issuedOn,
            expires_on: q.expiresOn,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['user_id', 'certificate_no']).doNothing())
        .execute(),
    )
  }
}
