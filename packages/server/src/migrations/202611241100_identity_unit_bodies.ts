import { type Kysely, sql } from 'kysely'

// Which handling body (处置主体) a unit is: the 城市管理局 is the district's `chengguan`,
// 东湖街道综合执法平台 is that street's `zhifa`. Dispatch turns a catalog item's routing
// (a body at a level) into a unit with it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE units ADD COLUMN body_code text REFERENCES catalog_bodies (code) ON UPDATE CASCADE`.execute(
    db,
  )
  await sql`CREATE INDEX units_body_idx ON units (body_code, area_code) WHERE body_code IS NOT NULL`.execute(
    db,
  )
}
