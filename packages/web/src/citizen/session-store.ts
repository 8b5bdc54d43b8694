import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { TCitizenSession } from '../shared/api/citizen.ts'
import { api } from '../shared/api/endpoints.ts'

const storageKey = 'onegrid.citizen.session'

function read(): TCitizenSession | null {
  try {
    const raw = localStorage.getItem(storageKey)
    const s = raw ? (JSON.parse(raw) as TCitizenSession) : null
    return s && new Date(s.expiresAt).getTime() > Date.now() ? s : null
  } catch {
    return null
  }
}

/**
 * The verified phone on this device: its token rides along with every call
 * (`Authorization: Citizen …`) and survives a reload; a 401 forgets it.
 */
export const useCitizenSession = defineStore('citizen-session', () => {
  const session = ref<TCitizenSession | null>(read())
  const verified = computed(() => session.value !== null)

  api.setAuthorization(() => (session.value ? `Citizen ${session.value.token}` : null))
  api.onUnauthorized(() => forget())

  function keep(s: TCitizenSession): void {
    session.value = s
    try {
      localStorage.setItem(storageKey, JSON.stringify(s))
    } catch {
      // A private window may refuse storage: the session lasts this page.
    }
  }

  function forget(): void {
    session.value = null
    try {
      localStorage.removeItem(storageKey)
    } catch {
      // Nothing kept, nothing to remove.
    }
  }

  return { session, verified, keep, forget }
})
