import {
  type ComponentState,
  componentStateLabels,
  componentStates,
} from '@onegrid/core/registry/component-code'
import {
  buildingUseLabels,
  buildingUses,
  cameraKindLabels,
  cameraKinds,
  cameraStatuses,
  cameraStatusLabels,
  houseUseLabels,
  houseUses,
  organizationKindLabels,
  organizationKinds,
  organizationStatuses,
  organizationStatusLabels,
  type PlaceKind,
  placeKinds,
} from '@onegrid/core/registry/places'
import type { AppLocale } from '../../../shared/i18n/locale.ts'

type Labels = Readonly<Record<string, { zh: string; en: string }>>

/** Core names component states in Chinese only (GB/T 47678.5's words); the English is the console's. */
const componentStateNames: Readonly<Record<ComponentState, { zh: string; en: string }>> = {
  intact: { zh: componentStateLabels.intact, en: 'Intact' },
  damaged: { zh: componentStateLabels.damaged, en: 'Damaged' },
  lost: { zh: componentStateLabels.lost, en: 'Lost' },
  abandoned: { zh: componentStateLabels.abandoned, en: 'Abandoned' },
  removed: { zh: componentStateLabels.removed, en: 'Removed' },
}

/** The coded fields a kind filters on and shows as words: `use`, `kind`, and its state (`status`/`state`). */
export type VocabField = 'use' | 'kind' | 'status' | 'state'

interface Vocabulary {
  values: readonly string[]
  labels: Labels
}

const vocabularies: Readonly<Record<PlaceKind, Partial<Record<VocabField, Vocabulary>>>> = {
  building: { use: { values: buildingUses, labels: buildingUseLabels } },
  house: { use: { values: houseUses, labels: houseUseLabels } },
  organization: {
    kind: { values: organizationKinds, labels: organizationKindLabels },
    status: { values: organizationStatuses, labels: organizationStatusLabels },
  },
  component: { state: { values: componentStates, labels: componentStateNames } },
  camera: {
    kind: { values: cameraKinds, labels: cameraKindLabels },
    status: { values: cameraStatuses, labels: cameraStatusLabels },
  },
}

export const isPlaceKind = (value: unknown): value is PlaceKind =>
  typeof value === 'string' && (placeKinds as readonly string[]).includes(value)

/** A code's word in the page's language; the code itself when the vocabulary does not know it. */
export function vocabText(kind: PlaceKind, field: VocabField, value: string, locale: AppLocale): string {
  const entry = vocabularies[kind][field]?.labels[value]
  if (!entry) return value
  return locale === 'en' ? entry.en : entry.zh
}

/** The choices of a coded field, in order; empty when the kind has no such field. */
export function vocabOptions(
  kind: PlaceKind,
  field: VocabField,
  locale: AppLocale,
): { value: string; label: string }[] {
  const vocabulary = vocabularies[kind][field]
  if (!vocabulary) return []
  return vocabulary.values.map((value) => ({ value, label: vocabText(kind, field, value, locale) }))
}

export const hasVocab = (kind: PlaceKind, field: VocabField): boolean => !!vocabularies[kind][field]

/**
 * The server's search filters a kind has, by the page's field: the `state` query parameter is the
 * organizations' and cameras' `status` and the components' `state`; `kind` is organizations' and cameras'.
 */
export const filterFields: Readonly<Record<PlaceKind, readonly VocabField[]>> = {
  building: ['use'],
  house: ['use'],
  organization: ['kind', 'status'],
  component: ['state'],
  camera: ['kind', 'status'],
}

/**
 * What a marker's colour says: a building's or house's use, an organization's kind, a component's state, a
 * camera's status (the map's `state`). Alarming states are warm, dead ones grey, ordinary ones cool.
 */
const markerColours: Readonly<Record<PlaceKind, Readonly<Record<string, string>>>> = {
  building: {
    residential: '#2563eb',
    commercial: '#ea580c',
    mixed: '#7c3aed',
    industrial: '#92400e',
    public: '#059669',
    other: '#64748b',
  },
  house: {
    owner_occupied: '#2563eb',
    rental: '#f59e0b',
    vacant: '#94a3b8',
    business: '#7c3aed',
    other: '#64748b',
  },
  organization: {
    enterprise: '#0891b2',
    individual_business: '#f59e0b',
    social_organization: '#db2777',
    public_institution: '#059669',
    government: '#1d4ed8',
    other: '#64748b',
  },
  component: {
    intact: '#16a34a',
    damaged: '#dc2626',
    lost: '#9333ea',
    abandoned: '#78716c',
    removed: '#cbd5e1',
  },
  camera: {
    online: '#16a34a',
    offline: '#94a3b8',
    fault: '#dc2626',
  },
}
const unknownColour = '#64748b'

export function markerColour(kind: PlaceKind, state: string): string {
  return markerColours[kind][state] ?? unknownColour
}

/** Which vocabulary names a map marker's `state` of a kind. */
export const mapStateField: Readonly<Record<PlaceKind, VocabField>> = {
  building: 'use',
  house: 'use',
  organization: 'kind',
  component: 'state',
  camera: 'status',
}

/** Which vocabulary names the state a list shows as a tag: use, status, or a component's state. */
export const listStateField: Readonly<Record<PlaceKind, VocabField>> = {
  building: 'use',
  house: 'use',
  organization: 'status',
  component: 'state',
  camera: 'status',
}

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

/** A state shown as a tag: what needs attention stands out. */
export function stateTagType(kind: PlaceKind, state: string): TagType {
  if (kind === 'component') {
    if (state === 'intact') return 'success'
    if (state === 'damaged' || state === 'lost') return 'danger'
    return 'info'
  }
  if (kind === 'camera') return state === 'online' ? 'success' : state === 'fault' ? 'danger' : 'info'
  if (kind === 'organization')
    return state === 'operating' ? 'success' : state === 'suspended' ? 'warning' : 'info'
  return 'primary'
}

/** The state that goes with a record on a tag, as the map colours it (a house: rented out or not). */
export function recordState(kind: PlaceKind, record: object): string | null {
  const value = (record as Partial<Record<VocabField, unknown>>)[listStateField[kind]]
  return typeof value === 'string' ? value : null
}

/** A point as the console writes it: five decimals (about a metre). */
export const pointText = (point: { lng: number; lat: number }) =>
  `${point.lng.toFixed(5)}, ${point.lat.toFixed(5)}`

/**
 * A house's building as the console names it: its name, or its 楼栋编码 when it has none; with `number`, both
 * (5号楼 · 00005). Null for a house standing alone.
 */
export function buildingLabel(
  house: { buildingName: string | null; buildingNumber: string | null },
  number = false,
): string | null {
  const { buildingName: name, buildingNumber: code } = house
  if (name && code && number) return `${name} · ${code}`
  return name ?? code
}

/** Records' identifiers in links, map features and the address bar: `house-12`. */
export const placeRef = (kind: PlaceKind, id: number) => `${kind}-${id}`

export function parsePlaceRef(value: string | null | undefined): { kind: PlaceKind; id: number } | null {
  const match = /^([a-z]+)-(\d{1,12})$/.exec(value ?? '')
  if (!match) return null
  const [, kind, id] = match
  const n = Number(id)
  return isPlaceKind(kind) && Number.isSafeInteger(n) && n > 0 ? { kind, id: n } : null
}

export interface LegendGroup {
  kind: PlaceKind
  items: { state: string; label: string; colour: string; count: number }[]
}

/** The legend of the dots on a map: per kind shown, the states present, in the vocabulary's order. */
export function mapLegend(
  points: readonly { kind: PlaceKind; state: string }[],
  vocab: (kind: PlaceKind, field: VocabField, value: string) => string,
): LegendGroup[] {
  const counts = new Map<PlaceKind, Map<string, number>>()
  for (const p of points) {
    const states = counts.get(p.kind) ?? new Map<string, number>()
    states.set(p.state, (states.get(p.state) ?? 0) + 1)
    counts.set(p.kind, states)
  }
  return placeKinds
    .filter((kind) => counts.has(kind))
    .map((kind) => {
      const states = counts.get(kind) ?? new Map<string, number>()
      const field = mapStateField[kind]
      const order = vocabularies[kind][field]?.values ?? []
      const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length)
      return {
        kind,
        items: [...states.entries()]
          .sort(([a], [b]) => rank(a) - rank(b))
          .map(([state, count]) => ({
            state,
            label: vocab(kind, field, state),
            colour: markerColour(kind, state),
            count,
          })),
      }
    })
}
