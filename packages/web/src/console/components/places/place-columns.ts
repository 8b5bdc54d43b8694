import type { PlaceKind } from '@onegrid/core/registry/places'
import type {
  PlaceSummary,
  TBuildingSummary,
  TCameraSummary,
  TComponentSummary,
  THouseSummary,
  TOrganizationSummary,
} from '../../../shared/api/places.ts'
import {
  buildingLabel,
  listStateField,
  recordState,
  stateTagType,
  type TagType,
  type VocabField,
} from './place-format.ts'

/** One cell: its text, and how it is shown (a tag for states, monospace for codes). */
export interface PlaceCell {
  text: string
  tag?: TagType
  mono?: boolean
}

export interface PlaceColumn {
  key: string
  label: string
  width?: number
  minWidth?: number
  cell: (row: PlaceSummary) => PlaceCell | null
}

/**
 * A kind's list: the title of a row (what the record is called, and where it is), its state as a tag, the
 * table's other columns, and the two a phone's card shows under the title.
 */
export interface PlaceListLayout {
  title: (row: PlaceSummary) => { text: string; sub: string | null }
  state: (row: PlaceSummary) => PlaceCell | null
  columns: PlaceColumn[]
  card: string[]
}

/** The words the columns need, from the page's language (tests pass their own). */
export interface ColumnWords {
  field: (kind: PlaceKind, field: string) => string
  vocab: (kind: PlaceKind, field: VocabField, value: string) => string
  tenants: (n: number) => string
  /** Where a house is in its building: 2单元, 3层. */
  unit: (unit: string) => string
  floor: (floor: number) => string
  yes: string
}

const text = (value: string | number | null | undefined): PlaceCell | null =>
  value === null || value === undefined || value === '' ? null : { text: String(value) }
const mono = (value: string | null): PlaceCell | null => (value ? { text: value, mono: true } : null)

export function listLayout(kind: PlaceKind, words: ColumnWords): PlaceListLayout {
  const label = (field: string) => words.field(kind, field)
  const state = (row: PlaceSummary): PlaceCell | null => {
    const value = recordState(kind, row)
    if (!value) return null
    return { text: words.vocab(kind, listStateField[kind], value), tag: stateTagType(kind, value) }
  }
  const grid: PlaceColumn = {
    key: 'grid',
    label: label('grid'),
    minWidth: 140,
    cell: (r) => text(r.gridName),
  }
  const tags: PlaceColumn = {
    key: 'tags',
    label: label('tags'),
    minWidth: 100,
    cell: (r) => (r.tags.length ? { text: r.tags.join('、'), tag: 'info' } : null),
  }

  switch (kind) {
    case 'building': {
      const b = (r: PlaceSummary) => r as TBuildingSummary
      return {
        title: (r) => ({ text: b(r).name ?? b(r).address, sub: b(r).name ? b(r).address : null }),
        state,
        columns: [
          { key: 'code', label: label('code'), minWidth: 150, cell: (r) => mono(b(r).code) },
          {
            key: 'floors',
            label: label('floors'),
            width: 80,
            cell: (r) =>
              text(b(r).floorsBelow ? `${b(r).floorsAbove} / -${b(r).floorsBelow}` : b(r).floorsAbove),
          },
          { key: 'houses', label: label('houses'), width: 80, cell: (r) => text(b(r).houses) },
          grid,
          tags,
        ],
        card: ['code', 'houses'],
      }
    }
    case 'house': {
      const h = (r: PlaceSummary) => r as THouseSummary
      return {
        // Under the address, the building it is in and where in it (4号楼 · 1单元 · 2层).
        title: (r) => {
          const where = [
            buildingLabel(h(r)),
            h(r).unit ? words.unit(h(r).unit ?? '') : null,
            h(r).floor !== null ? words.floor(h(r).floor ?? 0) : null,
          ].filter((part): part is string => part !== null)
          return { text: h(r).address, sub: where.length ? where.join(' · ') : null }
        },
        state,
        columns: [
          { key: 'areaM2', label: label('areaM2'), width: 130, cell: (r) => text(h(r).areaM2) },
          { key: 'owner', label: label('owner'), minWidth: 110, cell: (r) => text(h(r).owner) },
          {
            key: 'currentTenants',
            label: label('currentTenants'),
            width: 90,
            cell: (r) =>
              h(r).currentTenants ? { text: words.tenants(h(r).currentTenants), tag: 'warning' } : null,
          },
          grid,
          tags,
        ],
        card: ['owner', 'currentTenants'],
      }
    }
    case 'organization': {
      const o = (r: PlaceSummary) => r as TOrganizationSummary
      return {
        title: (r) => ({ text: o(r).name, sub: o(r).address }),
        state,
        columns: [
          {
            key: 'kind',
            label: label('kind'),
            width: 120,
            cell: (r) => text(words.vocab(kind, 'kind', o(r).kind)),
          },
          {
            key: 'creditCode',
            label: label('creditCode'),
            minWidth: 180,
            cell: (r) => mono(o(r).creditCode),
          },
          {
            key: 'legalRepresentative',
            label: label('legalRepresentative'),
            width: 110,
            cell: (r) => text(o(r).legalRepresentative),
          },
          {
            key: 'keyFireUnit',
            label: label('keyFireUnit'),
            width: 110,
            cell: (r) => (o(r).keyFireUnit ? { text: words.yes, tag: 'danger' } : null),
          },
          grid,
        ],
        card: ['kind', 'creditCode'],
      }
    }
    case 'component': {
      const c = (r: PlaceSummary) => r as TComponentSummary
      return {
        title: (r) => ({ text: c(r).name, sub: c(r).address }),
        state,
        columns: [
          { key: 'code', label: label('code'), minWidth: 170, cell: (r) => mono(c(r).code) },
          {
            key: 'department',
            label: label('department'),
            minWidth: 120,
            cell: (r) => text(c(r).department),
          },
          {
            key: 'changedDate',
            label: label('changedDate'),
            width: 110,
            cell: (r) => text(c(r).changedDate),
          },
          grid,
        ],
        card: ['code', 'department'],
      }
    }
    case 'camera': {
      const c = (r: PlaceSummary) => r as TCameraSummary
      return {
        title: (r) => ({ text: c(r).name, sub: c(r).address }),
        state,
        columns: [
          {
            key: 'kind',
            label: label('kind'),
            width: 110,
            cell: (r) => text(words.vocab(kind, 'kind', c(r).kind)),
          },
          {
            key: 'streamUrlMasked',
            label: label('streamUrlMasked'),
            minWidth: 200,
            cell: (r) => mono(c(r).streamUrlMasked),
          },
          { key: 'ownerUnit', label: label('ownerUnit'), minWidth: 110, cell: (r) => text(c(r).ownerUnit) },
          grid,
        ],
        card: ['kind', 'ownerUnit'],
      }
    }
  }
}
