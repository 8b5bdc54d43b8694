import type { PlaceKind } from '@onegrid/core/registry/places'
import type {
  PlaceDetail,
  TBuilding,
  TCamera,
  TComponent,
  THouse,
  TOrganization,
} from '../../../shared/api/places.ts'
import { buildingLabel, pointText, stateTagType, type TagType, type VocabField } from './place-format.ts'

/**
 * One line of a record's facts. `slot` marks the values the drawer draws itself (a masked phone with its
 * reveal button, a link to the building or the owner); `text` is then what shows without it.
 */
export interface Fact {
  key: string
  label: string
  text: string
  mono?: boolean
  tag?: TagType
  /** Across both columns (addresses, notes). */
  wide?: boolean
  slot?: boolean
}

/** The words facts need, from the page's language (tests pass their own). */
export interface FactWords {
  field: (kind: PlaceKind, field: string) => string
  vocab: (kind: PlaceKind, field: VocabField, value: string) => string
  yesNo: (value: boolean) => string
  scheme: (scheme: 'gbt47678' | 'cjt214') => string
  minute: (iso: string) => string
}

const none = '—'
const shown = (value: string | number | null | undefined) =>
  value === null || value === undefined || value === '' ? none : String(value)

export function factsOf(kind: PlaceKind, record: PlaceDetail, words: FactWords): Fact[] {
  const fact = (key: string, value: string | number | null | undefined, more: Partial<Fact> = {}): Fact => ({
    key,
    label: words.field(kind, key),
    text: shown(value),
    ...more,
  })
  const state = (field: VocabField, value: string): Fact => ({
    key: field,
    label: words.field(kind, field),
    text: words.vocab(kind, field, value),
    tag: stateTagType(kind, value),
  })
  const common = [
    fact('grid', record.gridName),
    fact('location', record.location ? pointText(record.location) : null, { mono: true }),
    fact('tags', record.tags.join('、')),
    fact('createdAt', words.minute(record.createdAt)),
    fact('updatedAt', words.minute(record.updatedAt)),
    fact('note', record.note, { wide: true }),
  ]

  switch (kind) {
    case 'building': {
      const b = record as TBuilding
      return [
        fact('name', b.name),
        fact('code', b.code, { mono: true }),
        fact('address', b.address, { wide: true }),
        state('use', b.use),
        fact('builtYear', b.builtYear),
        fact('floorsAbove', b.floorsAbove),
        fact('floorsBelow', b.floorsBelow),
        ...common,
      ]
    }
    case 'house': {
      const h = record as THouse
      return [
        fact('address', h.address, { wide: true }),
        fact('buildingId', buildingLabel(h, true), { slot: h.buildingId !== null }),
        state('use', h.use),
        fact('unit', h.unit),
        fact('floor', h.floor),
        fact('roomNo', h.roomNo),
        fact('areaM2', h.areaM2),
        fact('rooms', h.rooms),
        fact('owner', h.owner, { slot: h.ownerOrganizationId !== null || h.ownerPersonId !== null }),
        fact('currentTenants', h.currentTenants),
        ...common,
      ]
    }
    case 'organization': {
      const o = record as TOrganization
      return [
        fact('creditCode', o.creditCode, { mono: true }),
        fact('registeredAs', o.registeredAs),
        fact('kind', words.vocab(kind, 'kind', o.kind)),
        state('status', o.status),
        fact('industry', o.industry),
        fact('employees', o.employees),
        fact('address', o.address, { wide: true }),
        fact('legalRepresentative', o.legalRepresentative),
        fact('legalRepresentativePhone', o.legalRepresentativePhoneMasked, { slot: true, mono: true }),
        fact('safetyContact', o.safetyContact),
        fact('safetyContactPhone', o.safetyContactPhoneMasked, { slot: true, mono: true }),
        fact('keyFireUnit', words.yesNo(o.keyFireUnit), o.keyFireUnit ? { tag: 'danger' } : {}),
        ...common,
      ]
    }
    case 'component': {
      const c = record as TComponent
      return [
        fact('code', c.code, { mono: true }),
        fact('scheme', words.scheme(c.scheme)),
        fact('classCode', c.className ? `${c.classCode} ${c.className}` : c.classCode),
        state('state', c.state),
        fact('department', c.department),
        fact('ownerUnit', c.ownerUnit),
        fact('maintainer', c.maintainer),
        fact('source', c.source),
        fact('initialDate', c.initialDate),
        fact('changedDate', c.changedDate),
        fact('address', c.address, { wide: true }),
        ...common,
      ]
    }
    case 'camera': {
      const c = record as TCamera
      return [
        fact('nationalCode', c.nationalCode, { mono: true }),
        fact('kind', words.vocab(kind, 'kind', c.kind)),
        state('status', c.status),
        fact('ownerUnit', c.ownerUnit),
        fact('streamUrl', c.streamUrlMasked, { slot: true, mono: true, wide: true }),
        fact('address', c.address, { wide: true }),
        ...common,
      ]
    }
  }
}

/** What a record is called in its drawer's title. */
export function titleOf(kind: PlaceKind, record: PlaceDetail): string {
  switch (kind) {
    case 'building':
      return (record as TBuilding).name ?? (record as TBuilding).address
    case 'house':
      return (record as THouse).address
    default:
      return (record as TOrganization | TComponent | TCamera).name
  }
}

/**
 * Which facts stretch across both columns: the wide ones, and a narrow one left alone on its row (before a
 * wide one, or last), so no row ends in an empty cell.
 */
export function widened(facts: readonly Fact[]): Set<string> {
  const wide = new Set<string>()
  let column = 0
  facts.forEach((f, i) => {
    if (f.wide) {
      wide.add(f.key)
      column = 0
      return
    }
    const next = facts[i + 1]
    if (column === 0 && (!next || next.wide)) {
      wide.add(f.key)
      return
    }
    column = column === 0 ? 1 : 0
  })
  return wide
}
