import { mulberry32, type Random } from '@onegrid/core/random'
import { idCheckChar } from '@onegrid/core/registry/id-number'
import { nameSearchKeys } from '@onegrid/core/registry/pinyin'
import { defaultVisitEveryDays, type SpecialGroup } from '@onegrid/core/registry/special-groups'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import { type Insertable, sql } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import { maskAddress, maskIdNumber, maskPhone } from '../../platform/crypto/mask.ts'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import type { Db } from '../../platform/db/database.ts'
import { givenChars, pick, roads, surnames } from '../cases/demo-random.ts'
import { documentIndex, phoneIndex, piiContexts } from './person-input.ts'
import { groupFieldsContext } from './present.ts'
import type { RegistryPersonsTable } from './tables.ts'

/** The demo street whose grids get households: the one the demo accounts work in. */
export const demoRegistryStreet = '110120001'
const householdsPerGrid = 10
const seed = 20261127

export type Member = { relation: string; age: number; sex: 'male' | 'female' }

/** A household's people: a couple of a given age, children, sometimes a parent; the old often alone. */
function family(r: Random): Member[] {
  const headAge = 22 + Math.floor(r() * 62)
  const headSex = r() < 0.7 ? 'male' : 'female'
  const other = headSex === 'male' ? 'female' : 'male'
  const members: Member[] = [{ relation: '02', age: headAge, sex: headSex }]
  if (headAge > 70 && r() < 0.45) return members
  if (r() < 0.85)
    members.push({ relation: '10', age: Math.max(20, headAge - 3 + Math.floor(r() * 6)), sex: other })
  if (headAge >= 26 && headAge <= 60) {
    const children = r() < 0.35 ? 0 : r() < 0.75 ? 1 : 2
    for (let i = 0; i < children; i++)
      members.push({
        relation: r() < 0.5 ? '20' : '30',
        age: Math.max(0, headAge - 24 - Math.floor(r() * 10)),
        sex: r() < 0.5 ? 'male' : 'female',
      })
  }
  if (headAge >= 30 && headAge <= 55 && r() < 0.2)
    members.push({
      relation: '50',
      age: headAge + 25 + Math.floor(r() * 6),
      sex: r() < 0.5 ? 'male' : 'female',
    })
  return members
}

/** A household as the demo draws it: non-local or not, its address, its people. */
export function demoHousehold(r: Random): { nonLocal: boolean; address: string; people: Member[] } {
  return {
    nonLocal: r() < 0.25,
    address: `${pick(r, roads)}${1 + Math.floor(r() * 200)}号${1 + Math.floor(r() * 12)}栋${1 + Math.floor(r() * 6)}0${1 + Math.floor(r() * 4)}室`,
    people: family(r),
  }
}

export type DemoResident = {
  name: string
  sex: 'male' | 'female'
  /** YYYY-MM-DD */
  birthDate: string
  /** Where the ID number was issued: the demo district, or a province's city for a non-local household. */
  region: string
  idNumber: string
  phone: string | null
  /** GB 3304 and GB/T 4658 codes. */
  ethnicity: string
  education: string | null
}

/**
 * One member of a household as the demo draws them: a name (the household's
 * surname for its blood relatives), a birth date of their age, a valid ID number
 * of the district (or of a province, when the household is non-local) not in
 * `usedIds`, a mobile from 16, an ethnicity and an education.
 */
export function demoResident(
  r: Random,
  h: { member: Member; surname: string; nonLocal: boolean; today: string; usedIds: Set<string> },
): DemoResident {
  const m = h.member
  const name =
    m.relation === '10' || m.relation === '50'
      ? `${pick(r, surnames)}${pick(r, givenChars)}${r() < 0.6 ? pick(r, givenChars) : ''}`
      : `${h.surname}${pick(r, givenChars)}${r() < 0.6 ? pick(r, givenChars) : ''}`
  const birthYear = Number(h.today.slice(0, 4)) - m.age
  const birth = `${birthYear}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`
  const region = h.nonLocal ? pick(r, ['130102', '370102', '410105', '420106', '510104']) : '110120'
  let id = ''
  do {
    const seq = Math.floor(r() * 499) * 2 + (m.sex === 'male' ? 1 : 0)
    const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`
    id = `${first17}${idCheckChar(first17)}`
  } while (h.usedIds.has(id))
  h.usedIds.add(id)
  const phone =
    m.age >= 16 ? `1${pick(r, ['3', '5', '7', '8'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}` : null
  return {
    name,
    sex: m.sex,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    region,
    idNumber: id,
    phone,
    ethnicity: r() < 0.95 ? '01' : pick(r, ['03', '11', '02', '10']),
    education: m.age < 16 ? null : pick(r, ['20', '30', '60', '70', '80']),
  }
}

/** Which group a person belongs to, if any, and the typed record the group keeps. */
function groupOf(
  r: Random,
  m: Member,
  household: Member[],
  today: string,
): { group: SpecialGroup; fields: Record<string, unknown>; risk: 'green' | 'yellow' | 'red' } | null {
  const year = Number(today.slice(0, 4))
  const day = (yearsAgo: number) => `${year - yearsAgo}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`
  const risk = (): 'green' | 'yellow' | 'red' => (r() < 0.12 ? 'red' : r() < 0.35 ? 'yellow' : 'green')
  if (m.age >= 65 && household.length <= 2 && r() < 0.5)
    return {
      group: 'empty_nest_elderly',
      fields: { livingAlone: household.length === 1 },
      risk: r() < 0.1 ? 'yellow' : 'green',
    }
  if (m.age >= 6 && m.age <= 15 && r() < 0.06)
    return {
      group: 'left_behind_child',
      fields: { guardianName: `${pick(r, surnames)}${pick(r, givenChars)}` },
      risk: 'green',
    }
  if (m.age >= 18 && r() < 0.012)
    return {
      group: 'disabled',
      fields: {
        disabilityCategory: pick(r, ['physical', 'visual', 'hearing', 'intellectual']),
        disabilityLevel: pick(r, ['2', '3', '4']),
      },
      risk: 'green',
    }
  if (m.age >= 18 && r() < 0.01)
    return {
      group: 'low_income',
      fields: { assistanceKind: r() < 0.6 ? 'subsistence' : 'low_income' },
      risk: 'green',
    }
  if (m.age >= 20 && m.age <= 60 && r() < 0.006)
    return {
      group: 'community_correction',
      fields: {
        correctionNo: `SQJZ${year}${String(Math.floor(r() * 9000) + 1000)}`,
        correctionStart: day(1),
        correctionEnd: day(-1),
      },
      risk: risk(),
    }
  if (m.age >= 22 && r() < 0.006)
    return {
      group: 'released_prisoner',
      fields: {
        originalCharge: pick(r, ['盗窃罪', '诈骗罪', '故意伤害罪', '危险驾驶罪']),
        releaseDate: day(2),
      },
      risk: risk(),
    }
  if (m.age >= 18 && r() < 0.004)
    return {
      group: 'severe_mental_disorder',
      fields: {
        diagnosis: pick(r, ['精神分裂症', '双相情感障碍', '偏执性精神病']),
        dangerLevel: Math.floor(r() * 4),
      },
      risk: risk(),
    }
  if (m.age >= 14 && m.age <= 25 && r() < 0.01)
    return {
      group: 'key_youth',
      fields: { personType: pick(r, ['闲散青少年', '不良行为青少年']) },
      risk: risk(),
    }
  if (m.age >= 30 && r() < 0.004)
    return {
      group: 'petitioner',
      fields: { petitionMatter: pick(r, ['房屋拆迁补偿争议', '劳动报酬纠纷', '邻里采光纠纷']) },
      risk: risk(),
    }
  return null
}

/**
 * The demo registry: ten households in every grid of the demo street, each with
 * its people (valid ID numbers of the demo district, encrypted like real ones),
 * and the special groups a street of this size has. Deterministic; skipped
 * when persons exist already.
 */
export async function loadDemoRegistry(deps: {
  db: Db
  clock: Clock
  pii: PiiCipher
  deriveHouseholds: (executor: Db, gridCodes: readonly string[]) => Promise<void>
}): Promise<{
  households: number
  persons: number
  members: number
  parties: number
}> {
  const { db, clock, pii, deriveHouseholds } = deps
  const existing = await db
    .selectFrom('registry_persons')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirst()
  if ((existing?.n ?? 0) > 0) return { households: 0, persons: 0, members: 0, parties: 0 }
  const r = mulberry32(seed)
  const now = clock.now()
  const today = shanghaiDate(now)
  const grids = await db
    .selectFrom('areas')
    .select(['code', sql<string>`path::text`.as('path')])
    .where('level', '=', 'grid')
    .where('code', 'like', `${demoRegistryStreet}%`)
    .orderBy('code')
    .execute()
  const usedIds = new Set<string>()
  let households = 0
  let persons = 0
  let members = 0
  for (const grid of grids) {
    const plans = Array.from({ length: householdsPerGrid }, () => demoHousehold(r))
    const ids = await db
      .insertInto('registry_households')
      .values(
        plans.map((h) => ({
          grid_code: grid.code,
          area_path: grid.path,
          address_cipher: pii.encrypt(h.address, piiContexts.address),
          address_masked: maskAddress(h.address),
          non_local: h.nonLocal,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute()
    households += ids.length
    const rows: Insertable<RegistryPersonsTable>[] = []
    const groups: { index: number; group: ReturnType<typeof groupOf> }[] = []
    plans.forEach((h, i) => {
      const surname = pick(r, surnames)
      for (const m of h.people) {
        const person = demoResident(r, { member: m, surname, nonLocal: h.nonLocal, today, usedIds })
        const { name, idNumber: id, phone, region } = person
        const keys = nameSearchKeys(name)
        rows.push({
          name,
          name_pinyin: keys.full,
          name_initials: keys.initials,
          document_kind: 'id_card',
          document_cipher: pii.encrypt(id, piiContexts.document),
          document_masked: maskIdNumber(id),
          document_index: documentIndex(pii, 'id_card', id),
          sex: m.sex,
          birth_date: person.birthDate,
          ethnicity: person.ethnicity,
          education: person.education,
          phone_cipher: phone ? pii.encrypt(phone, piiContexts.phone) : null,
          phone_masked: phone ? maskPhone(phone) : null,
          phone_index: phone ? phoneIndex(pii, phone) : null,
          address_cipher: pii.encrypt(h.address, piiContexts.address),
          address_masked: maskAddress(h.address),
          hukou_region: region,
          hukou_address_cipher: null,
          hukou_address_masked: null,
          non_local: h.nonLocal,
          tags: m.age >= 80 ? ['高龄'] : h.nonLocal && m.relation === '02' ? ['租户'] : [],
          household_id: ids[i]?.id ?? null,
          relation: m.relation,
          grid_code: grid.code,
          area_path: grid.path,
          note: null,
          created_by: null,
          updated_by: null,
          created_at: now,
          updated_at: now,
        })
        const group = groupOf(r, m, h.people, today)
        if (group) groups.push({ index: rows.length - 1, group })
      }
    })
    const personIds = await db.insertInto('registry_persons').values(rows).returning('id').execute()
    persons += personIds.length
    const memberRows = groups.flatMap(({ index, group }) => {
      const personId = personIds[index]?.id
      if (!personId || !group) return []
      return [
        {
          person_id: personId,
          group_key: group.group,
          fields_cipher: pii.encrypt(JSON.stringify(group.fields), groupFieldsContext),
          risk_level: group.risk,
          risk_reason:
            group.risk === 'green'
              ? null
              : group.risk === 'red'
                ? '近期情绪不稳定，需重点关注'
                : '家庭关系紧张',
          risk_set_at: now,
          visit_every_days: defaultVisitEveryDays(group.group, group.risk),
          since: `${Number(today.slice(0, 4)) - 1}-03-01`,
          grid_code: grid.code,
          area_path: grid.path,
          created_at: now,
          updated_at: now,
        },
      ]
    })
    if (memberRows.length > 0) await db.insertInto('registry_group_members').values(memberRows).execute()
    members += memberRows.length
  }
  await deriveHouseholds(
    db,
    grids.map((g) => g.code),
  )
  // Each record's history starts with its registration (as an import of the street's register would).
  await sql`
    INSERT INTO registry_history (entity_type, entity_id, action, changes, reason, actor_name, at)
    SELECT 'person', p.id, 'create', '{}'::jsonb, '演示数据：社区人口底册录入', '系统', p.created_at
    FROM registry_persons p WHERE p.grid_code LIKE ${`${demoRegistryStreet}%`}`.execute(db)
  // Every third demo case of the street names a resident of its grid as a party, so a person's page has cases.
  const linked = await sql`
    INSERT INTO case_parties (case_id, entity_type, entity_id, role, added_at)
    SELECT c.id, 'person', p.id, 'involved', c.reported_at
    FROM (SELECT id, grid_code, reported_at, row_number() OVER (PARTITION BY grid_code ORDER BY id) AS n
          FROM cases WHERE grid_code LIKE ${`${demoRegistryStreet}%`}) c
    JOIN (SELECT id, grid_code, row_number() OVER (PARTITION BY grid_code ORDER BY id) AS n,
            count(*) OVER (PARTITION BY grid_code) AS k
          FROM registry_persons WHERE grid_code LIKE ${`${demoRegistryStreet}%`}) p
      ON p.grid_code = c.grid_code AND p.n = (c.n * 7) % p.k + 1
    WHERE c.n % 3 = 0
    ON CONFLICT DO NOTHING`.execute(db)
  return { households, persons, members, parties: Number(linked.numAffectedRows ?? 0) }
}
