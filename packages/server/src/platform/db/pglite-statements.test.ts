import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { type ColumnType, type Generated, Kysely, PGliteDialect, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NamedStatementsPglite } from './pglite-statements.ts'
import { StatementNames } from './statement-names.ts'

type Probe = {
  probe: {
    id: Generated<number>
    name: string
    at: Date | null
    doc: ColumnType<unknown, string | null, string | null>
    tags: string[] | null
    ok: boolean | null
  }
}

const kyselyOn = (pglite: PGlite) =>
  new Kysely<Probe>({
    dialect: new PGliteDialect({ pglite: new NamedStatementsPglite(pglite, new StatementNames()) }),
  })

/** How many statements this session has prepared by name (the named path was taken). */
const prepared = async (pglite: PGlite) =>
  Number(
    (await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows[0]?.n,
  )

describe('named statements on PGlite', () => {
  let pglite: PGlite
  let db: Kysely<Probe>

  beforeAll(async () => {
    pglite = await PGlite.create()
    db = kyselyOn(pglite)
    await sql`CREATE TABLE probe (id serial PRIMARY KEY, name text UNIQUE NOT NULL, at timestamptz,
      doc jsonb, tags text[], ok boolean)`.execute(db)
  })
  afterAll(async () => {
    await db.destroy()
  })

  it('answers a repeated statement by name exactly as PGlite answers it unnamed', async () => {
    const at = new Date('2026-11-25T08:30:00+08:00')
    const insert = (i: number) =>
      db
        .insertInto('probe')
        .values({
          name: `第${i}号`,
          at,
          doc: JSON.stringify({ i, 名: '张三' }),
          tags: ['a', `t${i}`],
          ok: i % 2 === 0 ? null : true,
        })
        .returning(['id', 'name', 'at', 'doc', 'tags', 'ok'])
        .executeTakeFirstOrThrow()
    const before = await prepared(pglite)
    const rows = []
    for (let i = 1; i <= 4; i++) rows.push(await insert(i))
    expect(await prepared(pglite)).toBeGreaterThan(before)
    expect(rows[3]).toEqual({
      id: 4,
      name: '第4号',
      at,
      doc: { i: 4, 名: '张三' },
      tags: ['a', 't4'],
      ok: null,
    })
    const read = (id: number) =>
      db.selectFrom('probe').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    for (let i = 1; i <= 3; i++) await read(i)
    const named = await read(3)
    const unnamed = (await pglite.query('SELECT * FROM probe WHERE id = $1', [3])).rows[0]
    expect(named).toEqual(unnamed)
    const updated = await db.updateTable('probe').set({ ok: false }).where('id', '<=', 2).executeTakeFirst()
    const again = await db.updateTable('probe').set({ ok: false }).where('id', '<=', 3).executeTakeFirst()
    expect([updated.numUpdatedRows, again.numUpdatedRows]).toEqual([2n, 3n])
  })

  it('reports a failed named statement with its SQLSTATE and keeps working, in and out of transactions', async () => {
    const add = (name: string) => db.insertInto('probe').values({ name }).execute()
    await add('甲')
    await add('乙')
    const failure = await add('甲').then(
      () => null,
      (e: unknown) => e as { code?: string; constraint?: string },
    )
    expect(failure).toMatchObject({ code: '23505', constraint: 'probe_name_key' })
    // A transaction whose named statement fails is rolled back whole.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('probe').values({ name: '丙' }).execute()
        await trx.insertInto('probe').values({ name: '乙' }).execute()
      }),
    ).rejects.toMatchObject({ code: '23505' })
    const names = await db
      .selectFrom('probe')
      .select('name')
      .where('name', 'in', ['甲', '乙', '丙'])
      .execute()
    expect(names.map((r) => r.name).sort()).toEqual(['乙', '甲'])
    // And one that succeeds commits what its named statements wrote.
    await db.transaction().execute(async (trx) => {
      for (const name of ['丁', '戊', '己']) await trx.insertInto('probe').values({ name }).execute()
    })
    expect(
      await db.selectFrom('probe').select('id').where('name', '=', '己').executeTakeFirst(),
    ).toBeDefined()
  })
})

describe('named statements on a PGlite data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onegrid-named-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('leaves what a named statement wrote outside a transaction in the data directory', async () => {
    const first = await PGlite.create({ dataDir: dir })
    const db = kyselyOn(first)
    await sql`CREATE TABLE probe (id serial PRIMARY KEY, name text UNIQUE NOT NULL, at timestamptz, doc jsonb, tags text[], ok boolean)`.execute(
      db,
    )
    for (let i = 0; i < 5; i++)
      await db
        .insertInto('probe')
        .values({ name: `n${i}` })
        .execute()
    expect(await prepared(first)).toBeGreaterThan(0)
    await db.destroy()
    const reopened = await PGlite.create({ dataDir: dir })
    const count = await reopened.query<{ n: number }>('SELECT count(*)::int AS n FROM probe')
    expect(count.rows[0]?.n).toBe(5)
    await reopened.close()
  })
})
