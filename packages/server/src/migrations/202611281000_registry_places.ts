import { type Kysely, sql } from 'kysely'

// The registry's places and things (地、物、组织): buildings, houses and who
// rents them, organizations, city components (部件) and cameras. Like persons,
// every record belongs to a grid (area_path for scope checks) and its changes go
// to registry_history. Place addresses are standard addresses and stay in clear;
// the phones of an organization's people and a camera's stream URL (which often
// carries a password) are stored as ciphertext with a masked copy.
export async function up(db: Kysely<unknown>): Promise<void> {
  const placed = sql`
      location geometry(Point, 4326),
      grid_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      tags text[] NOT NULL DEFAULT '{}',
      note text CHECK (length(note) <= 500),
      version integer NOT NULL DEFAULT 1,
      created_by bigint REFERENCES users (id),
      updated_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL`
  const indexes = async (table: string) => {
    await sql`CREATE INDEX ${sql.raw(`${table}_path_idx`)} ON ${sql.table(table)} USING gist (area_path)`.execute(
      db,
    )
    await sql`CREATE INDEX ${sql.raw(`${table}_location_idx`)} ON ${sql.table(table)} USING gist (location)`.execute(
      db,
    )
    await sql`CREATE INDEX ${sql.raw(`${table}_grid_idx`)} ON ${sql.table(table)} (grid_code, id)`.execute(db)
  }

  // 楼栋: the 5-digit number is unique within the community (the grid's parent).
  await sql`
    CREATE TABLE registry_buildings (
      id bigserial PRIMARY KEY,
      community_code text NOT NULL REFERENCES areas (code),
      number text NOT NULL CHECK (number ~ '^[0-9]{5}$'),
      name text CHECK (length(name) <= 50),
      address text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
      floors_above integer NOT NULL CHECK (floors_above BETWEEN 1 AND 200),
      floors_below integer NOT NULL DEFAULT 0 CHECK (floors_below BETWEEN 0 AND 20),
      use text NOT NULL CHECK (use IN ('residential', 'commercial', 'mixed', 'industrial', 'public', 'other')),
      built_year integer CHECK (built_year BETWEEN 1800 AND 2100),
      ${placed},
      UNIQUE (community_code, number)
    )`.execute(db)
  await indexes('registry_buildings')

  await sql`
    CREATE TABLE registry_organizations (
      id bigserial PRIMARY KEY,
      credit_code text NOT NULL UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
      name text COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      kind text NOT NULL CHECK (kind IN ('enterprise', 'individual_business', 'social_organization',
        'public_institution', 'government', 'other')),
      status text NOT NULL DEFAULT 'operating' CHECK (status IN ('operating', 'suspended', 'closed')),
      industry text CHECK (length(industry) <= 50),
      address text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
      legal_representative text CHECK (length(legal_representative) <= 50),
      legal_phone_cipher text,
      legal_phone_masked text,
      employees integer CHECK (employees >= 0),
      safety_contact text CHECK (length(safety_contact) <= 50),
      safety_phone_cipher text,
      safety_phone_masked text,
      key_fire_unit boolean NOT NULL DEFAULT false,
      ${placed}
    )`.execute(db)
  await indexes('registry_organizations')
  await sql`CREATE INDEX registry_organizations_name_idx ON registry_organizations (name, id)`.execute(db)

  // 房屋: in a building (unit, floor, room) or standing alone (a courtyard house, 平房).
  await sql`
    CREATE TABLE registry_houses (
      id bigserial PRIMARY KEY,
      building_id bigint REFERENCES registry_buildings (id),
      unit text CHECK (length(unit) <= 10),
      floor integer CHECK (floor BETWEEN -20 AND 200),
      room_no text NOT NULL CHECK (length(room_no) BETWEEN 1 AND 20),
      address text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
      area_m2 double precision CHECK (area_m2 > 0),
      use text NOT NULL CHECK (use IN ('owner_occupied', 'rental', 'vacant', 'business', 'other')),
      rooms integer CHECK (rooms BETWEEN 0 AND 500),
      owner_person_id bigint REFERENCES registry_persons (id),
      owner_organization_id bigint REFERENCES registry_organizations (id),
      owner_name text CHECK (length(owner_name) <= 50),
      ${placed}
    )`.execute(db)
  await indexes('registry_houses')
  // One room number per unit of a building: a second is a duplicate to be corrected.
  await sql`CREATE UNIQUE INDEX registry_houses_room_idx ON registry_houses (building_id, coalesce(unit, ''), room_no) WHERE building_id IS NOT NULL`.execute(
    db,
  )
  await sql`CREATE INDEX registry_houses_owner_idx ON registry_houses (owner_person_id) WHERE owner_person_id IS NOT NULL`.execute(
    db,
  )
  await sql`CREATE INDEX registry_houses_owner_org_idx ON registry_houses (owner_organization_id) WHERE owner_organization_id IS NOT NULL`.execute(
    db,
  )

  // 租住: who rents (a room of) a house, from when to when; the area path is the house's, for scope.
  await sql`
    CREATE TABLE registry_tenancies (
      id bigserial PRIMARY KEY,
      house_id bigint NOT NULL REFERENCES registry_houses (id) ON DELETE CASCADE,
      person_id bigint NOT NULL REFERENCES registry_persons (id),
      room text CHECK (length(room) <= 20),
      start_date date NOT NULL,
      end_date date CHECK (end_date >= start_date),
      contract_no text CHECK (length(contract_no) <= 40),
      registered boolean NOT NULL DEFAULT false,
      note text CHECK (length(note) <= 200),
      area_path ltree NOT NULL,
      version integer NOT NULL DEFAULT 1,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db)
  await sql`CREATE INDEX registry_tenancies_house_idx ON registry_tenancies (house_id, start_date)`.execute(
    db,
  )
  await sql`CREATE INDEX registry_tenancies_person_idx ON registry_tenancies (person_id)`.execute(db)

  // A household lives in a house (户 ↔ 房): the house's page lists who lives there.
  await sql`ALTER TABLE registry_households ADD COLUMN house_id bigint REFERENCES registry_houses (id)`.execute(
    db,
  )
  await sql`CREATE INDEX registry_households_house_idx ON registry_households (house_id) WHERE house_id IS NOT NULL`.execute(
    db,
  )

  // 部件: GB/T 47678.5 (17 digits) or CJ/T 214 (16); the class code is the catalog's matter code.
  await sql`
    CREATE TABLE registry_components (
      id bigserial PRIMARY KEY,
      code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{16,17}$'),
      scheme text NOT NULL CHECK (scheme IN ('gbt47678', 'cjt214')),
      class_code text NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 30),
      state text NOT NULL CHECK (state IN ('intact', 'damaged', 'lost', 'abandoned', 'removed')),
      department text NOT NULL CHECK (length(department) BETWEEN 1 AND 100),
      owner_unit text CHECK (length(owner_unit) <= 100),
      maintainer text CHECK (length(maintainer) <= 100),
      address text CHECK (length(address) <= 256),
      initial_date date,
      changed_date date,
      source text CHECK (length(source) <= 30),
      ${placed}
    )`.execute(db)
  await indexes('registry_components')
  await sql`CREATE INDEX registry_components_class_idx ON registry_components (class_code, state)`.execute(db)

  await sql`
    CREATE TABLE registry_cameras (
      id bigserial PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      national_code text UNIQUE CHECK (national_code ~ '^[0-9]{20}$'),
      kind text NOT NULL CHECK (kind IN ('dome', 'bullet', 'turret', 'other')),
      status text NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'offline', 'fault')),
      stream_cipher text,
      stream_masked text,
      owner_unit text CHECK (length(owner_unit) <= 100),
      address text CHECK (length(address) <= 200),
      ${placed}
    )`.execute(db)
  await indexes('registry_cameras')

  // A case may now name a building, house, organization, component or camera as a party.
  await sql`ALTER TABLE case_parties DROP CONSTRAINT case_parties_entity_type_check`.execute(db)
  await sql`ALTER TABLE case_parties ADD CONSTRAINT case_parties_entity_type_check CHECK (entity_type IN
    ('person', 'household', 'building', 'house', 'organization', 'component', 'camera'))`.execute(db)
}
