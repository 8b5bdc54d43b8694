import type { PlaceKind } from '@onegrid/core/registry/places'
import { useI18n } from 'vue-i18n'
import { useLocale } from '../../../shared/composables/useLocale.ts'
import type { Problem } from './place-form-common.ts'
import { type VocabField, vocabOptions, vocabText } from './place-format.ts'

/** The words of the places screens: field names (a kind may call a field its own way), codes, problems. */
export function usePlaceLabels() {
  const { t, te } = useI18n()
  const locale = useLocale()

  function fieldLabel(kind: PlaceKind, field: string): string {
    const own = `console.places.fieldsOf.${kind}.${field}`
    if (te(own)) return t(own)
    const shared = `console.places.fields.${field}`
    return te(shared) ? t(shared) : field
  }

  const problemKeys: Record<Exclude<Problem, 'required' | 'integer'>, string> = {
    buildingNumber: 'console.places.form.buildingNumber',
    yearRange: 'console.places.form.yearRange',
    creditFormat: 'console.places.form.creditFormat',
    creditCheck: 'console.places.form.creditCheck',
    componentCode: 'console.places.form.componentCode',
    nationalCode: 'console.places.form.nationalCode',
    streamUrl: 'console.places.form.streamUrl',
    phone: 'console.places.form.phone',
    gridOrPoint: 'console.places.placing.gridOrPoint',
    pointRequired: 'console.places.placing.pointRequired',
    endBeforeStart: 'console.places.tenancy.endBeforeStart',
  }

  /** What a form's own check found, in words, under the field. */
  function problemText(kind: PlaceKind, field: string, problem: Problem): string {
    if (problem === 'required') return t('console.places.form.required', { field: fieldLabel(kind, field) })
    if (problem === 'integer')
      return t('console.places.form.positiveInteger', { field: fieldLabel(kind, field) })
    return t(problemKeys[problem])
  }

  return {
    fieldLabel,
    problemText,
    vocab: (kind: PlaceKind, field: VocabField, value: string) => vocabText(kind, field, value, locale.value),
    options: (kind: PlaceKind, field: VocabField) => vocabOptions(kind, field, locale.value),
  }
}
