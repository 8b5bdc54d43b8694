import { type Kysely, sql } from 'kysely'

// Statistics (统计). Three layers, each derived from the one before:
// - stat_dirty: cases changed since they were last counted. A trigger on cases and
//   case_events marks them in the writing transaction, so nothing acknowledged is
//   missed, whatever wrote it (the API, the deadline sweep, a bulk SQL load).
// - stat_case_facts: one row per case with the days its KPIs anchor on (reported,
//   accepted, registered, dispatched, handling deadline, handled, closed, closing
//   deadline, supervised, followed up) and its flags, derived from the case row,
//   its stored clocks and its timeline (modules/stats/facts-sql.ts).
// - stat_rollups: the measures (core/stats/measures.ts) per standard period and
//   grain, kept by the catch-up job as deltas (new facts − old facts). Measures
//   that depend on the end of the period ("handled by the end of P") are why the
//   rollups are per period rather than per day. Dashboards read only these.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE stat_dirty (case_id bigint PRIMARY KEY, marked_at timestamptz NOT NULL DEFAULT now())`.execute(
    db,
  )
  await sql`
    CREATE FUNCTION stat_mark_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO stat_dirty (case_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE FUNCTION stat_mark_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO stat_dirty (case_id) VALUES (NEW.case_id) ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE TRIGGER stat_mark_case AFTER INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION stat_mark_case()`.execute(
    db,
  )
  await sql`CREATE TRIGGER stat_mark_event AFTER INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION stat_mark_event()`.execute(
    db,
  )

  // The first day of the standard period containing d (weeks start on Monday), and its last day.
  await sql`
    CREATE FUNCTION stat_period_start(kind text, d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE kind
        WHEN 'day' THEN d
        WHEN 'week' THEN d - ((extract(isodow FROM d))::int - 1)
        WHEN 'half_month' THEN make_date(extract(year FROM d)::int, extract(month FROM d)::int,
                                         CASE WHEN extract(day FROM d) > 15 THEN 16 ELSE 1 END)
        WHEN 'month' THEN make_date(extract(year FROM d)::int, extract(month FROM d)::int, 1)
        WHEN 'quarter' THEN make_date(extract(year FROM d)::int, (((extract(month FROM d))::int - 1) / 3) * 3 + 1, 1)
        WHEN 'year' THEN make_date(extract(year FROM d)::int, 1, 1)
      END $$`.execute(db)
  await sql`
    CREATE FUNCTION stat_period_end(kind text, d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE kind
        WHEN 'day' THEN d
        WHEN 'week' THEN stat_period_start('week', d) + 6
        WHEN 'half_month' THEN CASE WHEN extract(day FROM d) > 15
          THEN (stat_period_start('month', d) + interval '1 month')::date - 1
          ELSE stat_period_start('month', d) + 14 END
        WHEN 'month' THEN (stat_period_start('month', d) + interval '1 month')::date - 1
        WHEN 'quarter' THEN (stat_period_start('quarter', d) + interval '3 months')::date - 1
        WHEN 'year' THEN make_date(extract(year FROM d)::int, 12, 31)
      END $$`.execute(db)

  await sql`
    CREATE TABLE stat_case_facts (
      case_id bigint PRIMARY KEY,
      district_code text NOT NULL,
      area_path ltree NOT NULL,
      grid_code text NOT NULL,
      item_code text NOT NULL,
      channel text NOT NULL,
      unit_id bigint NOT NULL,
      reporter_id bigint NOT NULL,
      handler_id bigint NOT NULL,
      reported_day date NOT NULL,
      valid boolean NOT NULL,
      self_handled boolean NOT NULL,
      local boolean NOT NULL,
      accepted_day date,
      registered_day date,
      dispatched_day date,
      returned boolean NOT NULL,
      shirked integer NOT NULL,
      due_day date,
      handled_day date,
      on_time boolean NOT NULL,
      closed_on_time boolean NOT NULL,
      extended boolean NOT NULL,
      handling_secs bigint,
      close_due_day date,
      closed_day date,
      closed_in_time boolean NOT NULL,
      reworked integer NOT NULL,
      supervised_day date,
      followup_day date,
      reached boolean NOT NULL,
      satisfaction text
    )`.execute(db)
  // Custom periods and the direct computation read facts by their anchor days.
  await sql`CREATE INDEX stat_case_facts_reported_idx ON stat_case_facts (reported_day)`.execute(db)
  await sql`CREATE INDEX stat_case_facts_due_idx ON stat_case_facts (due_day) WHERE due_day IS NOT NULL`.execute(
    db,
  )
  await sql`CREATE INDEX stat_case_facts_path_idx ON stat_case_facts USING gist (area_path)`.execute(db)

  // The measures of core/stats/measures.ts as they were when this migration was written.
  const measures =
    'reported valid self_handled completed accepted accepted_handled registered discovered_locally dispatched returned shirked due handled handled_on_time closed_on_time extended due_close closed_due reworked closed closed_first_time supervised followups reached satisfied basically handled_n handled_secs h0 h1 h2 h3 h4 h5 h6 h7 h8 h9 h10 h11'.split(
      ' ',
    )
  const columns = measures.map((m) => `${m} bigint NOT NULL DEFAULT 0`).join(',\n      ')
  // grain: area (by area only), item, channel, unit, reporter, handler; the other key columns are '' / 0.
  await sql`
    CREATE TABLE stat_rollups (
      grain text NOT NULL,
      kind text NOT NULL,
      period_start date NOT NULL,
      area_path ltree NOT NULL,
      grid_code text NOT NULL,
      item_code text NOT NULL,
      channel text NOT NULL,
      unit_id bigint NOT NULL,
      person_id bigint NOT NULL,
      ${sql.raw(columns)},
      PRIMARY KEY (grain, kind, period_start, area_path, grid_code, item_code, channel, unit_id, person_id)
    )`.execute(db)

  await sql`
    CREATE TABLE stat_settings (
      district_code text PRIMARY KEY,
      min_sample integer NOT NULL DEFAULT 30 CHECK (min_sample BETWEEN 1 AND 10000),
      closure_rate_key text NOT NULL DEFAULT 'onTimeClosureRate',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
}
