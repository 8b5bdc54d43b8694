import { type Kysely, sql } from 'kysely'

// Creating a campaign inserts every work item in one statement (100,000 for a district's
// rental houses). Each foreign key on campaign_items fired a row trigger per item — three
// per row, about a third of the insert on PGlite. The campaign and the assignee come from
// the same statement that inserts the items (the campaign row it just wrote, the grid's
// active workers), and neither campaigns nor users are ever deleted, so the checks guard
// nothing here (docs/adr/0022-campaigns.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE campaign_items
      DROP CONSTRAINT campaign_items_campaign_id_fkey,
      DROP CONSTRAINT campaign_items_assignee_id_fkey,
      DROP CONSTRAINT campaign_items_submitted_by_fkey`.execute(db)
}
