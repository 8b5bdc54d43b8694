import type { PlaceKind } from '@onegrid/core/registry/places'
import { type ComputedRef, computed, nextTick, type Ref, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../../../shared/api/client.ts'
import { createPlace, type PlaceDetail, updatePlace } from '../../../shared/api/places.ts'
import { useFieldErrors } from '../../../shared/composables/useFieldErrors.ts'
import { useSubmission } from '../../../shared/composables/useSubmission.ts'
import { toastSuccess } from '../../feedback.ts'
import { titleOf } from './place-facts.ts'
import {
  type CommonForm,
  changesNothing,
  formFieldOf,
  type PlaceFormSpec,
  type Problems,
} from './place-form-common.ts'
import { usePlaceLabels } from './usePlaceLabels.ts'

/** What a place form's frame (PlaceDialogShell) and its fields read of the form's state. */
export interface PlaceFormState<F extends string, Form extends object> {
  testId: string
  /** The values being edited; the dialog's inputs bind to it. */
  form: Form
  submitting: Ref<boolean>
  /** An error that belongs to no field, shown above the form. */
  failure: Ref<unknown>
  /** Someone else saved the record since it was read: the frame offers a reload. */
  conflict: Ref<boolean>
  /** The form's own or the server's message for a field. */
  errorOf(field: F): string | undefined
  /** Forgets a field's message once it is typed in again. */
  clearField(field: F): void
  submit(): Promise<void>
  labels: ReturnType<typeof usePlaceLabels>
}

export interface PlaceFormOptions<F extends string, Form extends object> {
  /** The kind whose words name the fields in messages. */
  kind: PlaceKind
  fields: readonly F[]
  testId: string
  open: Ref<boolean>
  /** The form as it opens: blank, or a record's values. */
  fill: () => Form
  /** Also refills the open form when this changes (another record, or the same one reloaded). */
  source?: () => unknown
  check: (form: Form) => Problems<F>
  /** Sends the checked form; the dialog closes when it returns. */
  send: (form: Form) => Promise<void>
  /** Whether a 409 means the record changed since it was read (an edit), rather than a refusal to show. */
  versioned?: () => boolean
}

/**
 * A place form's life: filled anew at each opening, its own checks first on submit (every problem shown at
 * once, under its field), then the server's field messages in the same places, a stale version (409) as a
 * notice to reload, and anything else above the form.
 */
export function usePlaceForm<F extends string, Form extends object>(
  options: PlaceFormOptions<F, Form>,
): PlaceFormState<F, Form> {
  const { kind, fields, testId, open } = options
  const labels = usePlaceLabels()
  const serverErrors = useFieldErrors<F>(formFieldOf(fields))
  const { submitting, failure, clearErrors, run } = useSubmission(serverErrors)
  const clientErrors = reactive<Partial<Record<F, string>>>({}) as Partial<Record<F, string>>
  const conflict = ref(false)
  // A form holds plain values (no refs), so the reactive proxy has the form's own type.
  const form = reactive(options.fill()) as Form

  const errorOf = (field: F): string | undefined => clientErrors[field] ?? serverErrors.messages[field]

  function clearField(field: F): void {
    delete clientErrors[field]
    serverErrors.clear(field)
  }

  function reset(): void {
    clearErrors()
    for (const key of Object.keys(clientErrors) as F[]) delete clientErrors[key]
    conflict.value = false
  }

  watch(
    () => [open.value, options.source?.()] as const,
    ([isOpen]) => {
      // Each opening starts from the record (or blank) again; what was typed and not saved is dropped.
      if (!isOpen) return
      Object.assign(form, options.fill())
      reset()
    },
    { immediate: true },
  )

  async function submit(): Promise<void> {
    reset()
    const problems = options.check(form)
    for (const [field, problem] of Object.entries(problems) as [F, NonNullable<Problems<F>[F]>][]) {
      clientErrors[field] = labels.problemText(kind, field, problem)
    }
    if (Object.keys(problems).length > 0) {
      // On a phone the first problem may be a screen away.
      await nextTick()
      document
        .querySelector(`[data-testid="${testId}"] .el-form-item.is-error`)
        ?.scrollIntoView({ block: 'center' })
      return
    }
    await run(async () => {
      try {
        await options.send(form)
        open.value = false
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && options.versioned?.()) {
          conflict.value = true
          return
        }
        throw error
      }
    })
  }

  return { testId, form, submitting, failure, conflict, errorOf, clearField, submit, labels }
}

/** A record form's state: the form's, and what its shared fields show of the record. */
export interface PlaceRecordFormState<F extends string, Form extends object> extends PlaceFormState<F, Form> {
  /** Editing a record (rather than adding one): the reason of the change is asked. */
  editing: ComputedRef<boolean>
  /** The grid as recorded, or the page's, so the grid select shows its name. */
  initialGrid: ComputedRef<{ code: string; name: string } | null>
}

/**
 * The create or edit form of one kind of place, declared by its spec: a new record starts blank in the
 * page's grid (or with `defaults`), an edit from the record; a save sends the record whole (create) or what
 * changed with the version read (update), and hands the saved record to `saved`.
 */
export function usePlaceRecordForm<K extends PlaceKind, F extends string, Form extends CommonForm>(
  spec: PlaceFormSpec<K, F, Form>,
  context: {
    testId: string
    open: Ref<boolean>
    record: () => PlaceDetail<K> | null
    /** The grid a new record goes in (the page's), unless `defaults` says otherwise. */
    defaultGrid?: () => { code: string; name: string } | null
    /** What a new record starts with besides its blank values and the grid (a house's building). */
    defaults?: () => Partial<Form>
    saved: (record: PlaceDetail<K>) => void
  },
): PlaceRecordFormState<F, Form> {
  const { t } = useI18n()
  const record = context.record
  const defaultGrid = () => context.defaultGrid?.() ?? null

  async function send(form: Form): Promise<void> {
    const before = record()
    if (before) {
      const body = spec.updateBody(form, before)
      if (changesNothing(body)) {
        toastSuccess(t('console.places.form.nothingChanged'))
        return
      }
      context.saved(await updatePlace(spec.kind, before.id, body))
      toastSuccess(t('console.places.form.saved'))
      return
    }
    const created = await createPlace(spec.kind, spec.createBody(form))
    toastSuccess(t('console.places.form.created', { name: titleOf(spec.kind, created) }))
    context.saved(created)
  }

  const state = usePlaceForm<F, Form>({
    kind: spec.kind,
    fields: spec.fields,
    testId: context.testId,
    open: context.open,
    fill: () => {
      const before = record()
      if (before) return spec.formOf(before)
      return { ...spec.blank(), gridCode: defaultGrid()?.code ?? null, ...context.defaults?.() }
    },
    // The same record saved or reloaded comes back as a new object: the form shows it as it is now.
    source: record,
    check: spec.check,
    send,
    versioned: () => record() !== null,
  })

  const editing = computed(() => record() !== null)
  const initialGrid = computed(() => {
    const before = record()
    return before ? { code: before.gridCode, name: before.gridName } : defaultGrid()
  })
  return { ...state, editing, initialGrid }
}
