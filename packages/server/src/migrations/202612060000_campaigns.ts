import { type Kysely, sql } from 'kysely'

// Instructions and campaigns (指令、专项任务): work sent down the grid network, one work
// item per target object (a rental house, an enterprise, a grid ...), assigned to the
// grid's worker, answered on a form in the field app. Progress per street, community
// and grid is read from per-(campaign, grid) counters kept in the same transaction as
// the items they count (docs/adr/0022-campaigns.md), so a campaign of 100,000 items
// answers from a few hundred rows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE campaigns (
      id bigserial PRIMARY KEY,
      district_code text NOT NULL,
      -- The issuing level: the creator's area.
      area_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      -- The areas the targets were chosen under (∩ the creator's jurisdiction): who sees the campaign.
      target_paths ltree[] NOT NULL,
      issuing_unit text NOT NULL CHECK (length(issuing_unit) BETWEEN 1 AND 80),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 80),
      purpose text NOT NULL DEFAULT '' CHECK (length(purpose) <= 2000),
      template_key text,
      priority text NOT NULL CHECK (priority IN ('normal', 'high', 'urgent')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
      start_date date NOT NULL,
      deadline_date date NOT NULL CHECK (deadline_date >= start_date),
      deadline_at timestamptz NOT NULL,
      -- One working day before the deadline; the reminder job records when each reminder went.
      remind_at timestamptz NOT NULL,
      reminded_before_at timestamptz,
      reminded_after_at timestamptz,
      targets jsonb NOT NULL,
      form jsonb NOT NULL,
      hazard_item_code text,
      created_by bigint NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL,
      closed_by bigint REFERENCES users (id),
      closed_at timestamptz,
      -- At closing: the per-grid figures as they stood (progress then reads this copy).
      frozen jsonb,
      version integer NOT NULL DEFAULT 1,
      CHECK ((status = 'closed') = (closed_at IS NOT NULL))
    )`.execute(db)
  await sql`CREATE INDEX campaigns_list_idx ON campaigns (status, created_at DESC, id DESC)`.execute(db)
  await sql`CREATE INDEX campaigns_remind_idx ON campaigns (remind_at) WHERE status = 'active' AND reminded_before_at IS NULL`.execute(
    db,
  )
  await sql`CREATE INDEX campaigns_deadline_idx ON campaigns (deadline_at) WHERE status = 'active' AND reminded_after_at IS NULL`.execute(
    db,
  )

  await sql`
    CREATE TABLE campaign_items (
      id bigserial PRIMARY KEY,
      campaign_id bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
      district_code text NOT NULL,
      target_kind text NOT NULL CHECK (target_kind IN ('grid', 'rental_house', 'household', 'organization',
        'special_group_person', 'building')),
      -- A registry id (as text) or a grid's code.
      target_id text NOT NULL,
      -- Snapshots at creation: the list and the export read them, never the registry again.
      target_label text NOT NULL,
      target_address text,
      grid_code text NOT NULL,
      area_path ltree NOT NULL,
      location geometry(Point, 4326),
      assignee_id bigint REFERENCES users (id),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'done')),
      answers jsonb NOT NULL DEFAULT '{}',
      hazards text[] NOT NULL DEFAULT '{}',
      case_id bigint,
      submitted_by bigint REFERENCES users (id),
      submitted_at timestamptz,
      submit_location geometry(Point, 4326),
      done_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      UNIQUE (campaign_id, target_kind, target_id),
      CHECK ((status = 'done') = (done_at IS NOT NULL))
    )`.execute(db)
  // Lists and exports by area (grid codes nest: a street's grids share its code as prefix) and status.
  await sql`CREATE INDEX campaign_items_grid_idx ON campaign_items (campaign_id, grid_code, status, id)`.execute(
    db,
  )
  // The field app's list: my open items.
  await sql`CREATE INDEX campaign_items_assignee_idx ON campaign_items (assignee_id, campaign_id) WHERE status <> 'done'`.execute(
    db,
  )
  await sql`CREATE INDEX campaign_items_case_idx ON campaign_items (campaign_id, case_id) WHERE case_id IS NOT NULL`.execute(
    db,
  )

  await sql`
    CREATE TABLE campaign_item_attachments (
      item_id bigint NOT NULL REFERENCES campaign_items (id) ON DELETE CASCADE,
      attachment_id bigint NOT NULL UNIQUE,
      position integer NOT NULL,
      PRIMARY KEY (item_id, attachment_id)
    )`.execute(db)

  // Per (campaign, grid) counters, written in the transaction that changes an item.
  await sql`
    CREATE TABLE campaign_grid_counts (
      campaign_id bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
      grid_code text NOT NULL,
      area_path ltree NOT NULL,
      total integer NOT NULL DEFAULT 0,
      pending integer NOT NULL DEFAULT 0,
      in_progress integer NOT NULL DEFAULT 0,
      done integer NOT NULL DEFAULT 0,
      late integer NOT NULL DEFAULT 0,
      hazards integer NOT NULL DEFAULT 0,
      hazard_cases integer NOT NULL DEFAULT 0,
      PRIMARY KEY (campaign_id, grid_code)
    )`.execute(db)
}
