import type {
  TAddQualificationBody,
  TAddTrainingBody,
  TGridStaffRole,
  TGridWorkerList,
  TGridWorkerListQuery,
  TGridWorkerRow,
  TUpdateWorkerProfileBody,
  TWorkerProfile,
} from '@onegrid/core/api/grid-staff'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import type { Actor, Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { Conflict, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { GridStaffQueries, WorkerRow } from './queries.ts'
import { chinaDay, type GridStaffRules, round1 } from './service.ts'
import type { GridStaffStore } from './store.ts'

const workerWord = text('网格员', 'Grid worker')

function presentRow(row: WorkerRow): TGridWorkerRow {
  return {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    status: row.status,
    roles: [...new Set(row.postings.map((p) => p.role))].sort() as TGridStaffRole[],
    postings: row.postings,
    employment: row.employment,
    hiredOn: row.hiredOn,
    load: row.load === null ? null : round1(row.load),
    qualification: row.qualification,
  }
}

/**
 * Grid workers and leaders as people: the roster, each one's profile (employment), training records
 * and qualifications. Someone is a grid worker here when they hold a grid worker or grid leader
 * assignment inside the caller's jurisdiction.
 */
export class GridWorkerService {
  constructor(
    private readonly store: GridStaffStore,
    private readonly queries: GridStaffQueries,
    private readonly rules: GridStaffRules,
    private readonly clock: Clock,
  ) {}

  async list(scope: Scope, query: TGridWorkerListQuery): Promise<TGridWorkerList> {
    const under = await this.rules.underPath(scope, query.under)
    const { rows, total } = await this.queries.workers(
      scope,
      {
        under,
        q: query.q,
        qualified: query.qualified,
        role: query.role,
        employment: query.employment,
        limit: query.limit,
        offset: query.offset,
      },
      this.rules.rule(),
    )
    return { items: rows.map(presentRow), total, limits: this.rules.limits }
  }

  private async head(scope: Scope, userId: number): Promise<WorkerRow> {
    const { rows } = await this.queries.workers(
      scope,
      { under: null, userId, limit: 1, offset: 0 },
      this.rules.rule(),
    )
    const row = rows[0]
    if (!row) throw new NotFound(workerWord, String(userId))
    return row
  }

  async profile(scope: Scope, userId: number): Promise<TWorkerProfile> {
    const head = await this.head(scope, userId)
    const rule = this.rules.rule()
    const trainings = await this.queries.trainings(userId, rule)
    const qualifications = await this.queries.qualifications(userId, rule)
    const { roles: _roles, ...row } = presentRow(head)
    return { ...row, note: head.note, trainings, qualifications, limits: this.rules.limits }
  }

  async update(
    scope: Scope,
    actor: Actor,
    userId: number,
    body: TUpdateWorkerProfileBody,
  ): Promise<TWorkerProfile> {
    const head = await this.head(scope, userId)
    const now = this.clock.now()
    if (body.hiredOn && body.hiredOn > chinaDay(now)) {
      throw new ValidationError({
        hiredOn: text('入职日期不能晚于今天', 'the hiring date cannot be in the future'),
      })
    }
    await this.store.transaction(async (trx) => {
      await this.store.saveProfile(trx, userId, body, actor.userId, now)
      await recordAudit(
        trx,
        actor,
        {
          action: 'gridworker.update',
          entityType: 'user',
          entityId: userId,
          areaPath: head.firstPath,
          details: { changed: Object.keys(body) },
        },
        now,
      )
    })
    return this.profile(scope, userId)
  }

  async addTraining(
    scope: Scope,
    actor: Actor,
    userId: number,
    body: TAddTrainingBody,
  ): Promise<TWorkerProfile> {
    const head = await this.head(scope, userId)
    const now = this.clock.now()
    if (body.completedOn > chinaDay(now)) {
      throw new ValidationError({
        completedOn: text('完成日期不能晚于今天', 'the completion date cannot be in the future'),
      })
    }
    await this.store.transaction(async (trx) => {
      const id = await this.store.insertTraining(trx, { userId, ...body }, actor.userId, now)
      await recordAudit(
        trx,
        actor,
        {
          action: 'gridworker.training.add',
          entityType: 'user',
          entityId: userId,
          areaPath: head.firstPath,
          details: { training: id, course: body.course, hours: body.hours, completedOn: body.completedOn },
        },
        now,
      )
    })
    return this.profile(scope, userId)
  }

  async addQualification(
    scope: Scope,
    actor: Actor,
    userId: number,
    body: TAddQualificationBody,
  ): Promise<TWorkerProfile> {
    const head = await this.head(scope, userId)
    const now = this.clock.now()
    const expiresOn = body.expiresOn ?? null
    if (body.issuedOn > chinaDay(now)) {
      throw new ValidationError({
        issuedOn: text('发证日期不能晚于今天', 'the issue date cannot be in the future'),
      })
    }
    if (expiresOn !== null && expiresOn <= body.issuedOn) {
      throw new ValidationError({
        expiresOn: text('有效期至须晚于发证日期', 'the expiry date must be after the issue date'),
      })
    }
    await this.store.transaction(async (trx) => {
      const id = await this.store.insertQualification(
        trx,
        { userId, name: body.name, certificateNo: body.certificateNo, issuedOn: body.issuedOn, expiresOn },
        actor.userId,
        now,
      )
      if (id === 0) {
        throw new Conflict(
          text(
            `证书编号 ${body.certificateNo} 已登记`,
            `Certificate ${body.certificateNo} is already recorded`,
          ),
          { certificateNo: text('该证书编号已登记', 'already recorded for this worker') },
        )
      }
      await recordAudit(
        trx,
        actor,
        {
          action: 'gridworker.qualification.add',
          entityType: 'user',
          entityId: userId,
          areaPath: head.firstPath,
          details: { qualification: id, name: body.name, certificateNo: body.certificateNo, expiresOn },
        },
        now,
      )
    })
    return this.profile(scope, userId)
  }
}
