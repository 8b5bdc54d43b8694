import { computed, reactive, ref, type ShallowRef, shallowRef } from 'vue'

/**
 * The protected values of one record a page shows in full, field by field, through RevealDialog: which field
 * is asked for, the call that reveals it, and the values revealed (shown in their fields' places until
 * hidden, or forgotten when the record changes).
 */
export function useReveal<F extends string>(perform: (field: F, reason: string) => Promise<string | null>) {
  /** Values shown in full, by field; null when nothing is recorded. */
  const revealed = reactive<Partial<Record<F, string | null>>>({}) as Partial<Record<F, string | null>>
  const open = ref(false)
  const field: ShallowRef<F | null> = shallowRef(null)

  /** The dialog's call: the field asked for, with the reason typed. */
  const call = computed(() => {
    const asked = field.value
    return asked ? (reason: string) => perform(asked, reason) : null
  })

  function ask(which: F): void {
    field.value = which
    open.value = true
  }
  /** The dialog's answer, shown in the asked field's place. */
  function store(value: string | null): void {
    if (field.value) revealed[field.value] = value
  }
  function hide(which: F): void {
    delete revealed[which]
  }
  /** Another record, or this one changed: what was revealed may be stale. */
  function forget(): void {
    for (const key of Object.keys(revealed) as F[]) delete revealed[key]
  }

  // One object for the template (refs unwrapped): `reveal.open`, `reveal.revealed.phone`, `reveal.ask('phone')`.
  return reactive({ revealed, open, field, call, ask, store, hide, forget })
}
