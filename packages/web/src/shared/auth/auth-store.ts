import type { TMe } from '@onegrid/core/api/identity'
import type { Permission, Role } from '@onegrid/core/auth/roles'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { ApiError } from '../api/client.ts'
import * as identity from '../api/identity.ts'
import { hasPermission } from './access.ts'

/**
 * Who is signed in. The session itself is an httpOnly cookie the page cannot read, so the
 * server is asked (`GET /api/me`) once per page load and after every sign-in or sign-out.
 */
export const useAuthStore = defineStore('auth', () => {
  const me = shallowRef<TMe | null>(null)
  /** True once the server has answered whether anybody is signed in. */
  const checked = ref(false)
  /** The last failure to ask (e.g. the server is unreachable); null when the last answer arrived. */
  const error = ref<unknown>(null)
  let pending: Promise<TMe | null> | null = null

  const signedIn = computed(() => me.value !== null)
  const user = computed(() => me.value?.user ?? null)
  const mustChangePassword = computed(() => me.value?.user.mustChangePassword ?? false)
  /** Each role once, in the order first assigned. */
  const roles = computed<Role[]>(() => [...new Set(me.value?.user.assignments.map((a) => a.role) ?? [])])

  function can(permission: Permission): boolean {
    return hasPermission(me.value, permission)
  }

  /** Asks the server who is signed in; a 401 means nobody, anything else is kept in `error` and thrown. */
  async function refresh(): Promise<TMe | null> {
    try {
      me.value = await identity.getMe()
      error.value = null
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) {
        error.value = e
        throw e
      }
      me.value = null
      error.value = null
    }
    checked.value = true
    return me.value
  }

  /** The answer of the first check, asked once however many callers wait for it. */
  function ensureChecked(): Promise<TMe | null> {
    if (checked.value) return Promise.resolve(me.value)
    pending ??= refresh().finally(() => {
      pending = null
    })
    return pending
  }

  async function login(username: string, password: string, rememberDevice = false): Promise<TMe> {
    const result = await identity.login(username.trim(), password, rememberDevice)
    me.value = result.me
    checked.value = true
    error.value = null
    return result.me
  }

  /** Ends the session on the server; the page forgets the user even when the server is unreachable. */
  async function logout(): Promise<void> {
    try {
      await identity.logout()
    } catch (e) {
      // 401: the session had already ended, which is what was asked for.
      if (!(e instanceof ApiError && e.status === 401)) throw e
    } finally {
      clear()
    }
  }

  /** Forgets the user without asking the server: the session is known to be gone. */
  function clear(): void {
    me.value = null
    checked.value = true
  }

  return {
    me,
    checked,
    error,
    signedIn,
    user,
    mustChangePassword,
    roles,
    can,
    refresh,
    ensureChecked,
    login,
    logout,
    clear,
  }
})

export type AuthStore = ReturnType<typeof useAuthStore>
