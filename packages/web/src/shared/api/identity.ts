import type {
  TAssignRoleRequest,
  TAuditEntry,
  TCreateUserRequest,
  TLoginResponse,
  TMe,
  TUpdateUserRequest,
  TUser,
  ZApiKey,
  ZApiKeyScope,
  ZCreateApiKeyRequest,
  ZCreatedApiKey,
  ZSession,
  ZUnit,
  ZUserList,
} from '@onegrid/core/api/identity'
import type { Role } from '@onegrid/core/auth/roles'
// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type { z } from 'zod'
import { api } from './endpoints.ts'

export type { TAssignRoleRequest, TAuditEntry, TCreateUserRequest, TMe, TUpdateUserRequest, TUser }
export type TSession = z.infer<typeof ZSession>
export type TUnit = z.infer<typeof ZUnit>
export type TUserList = z.infer<typeof ZUserList>
export interface TUserListQuery {
  q?: string | undefined
  role?: Role | undefined
  areaCode?: string | undefined
  limit?: number | undefined
  offset?: number | undefined
}
export interface TAuditQuery {
  action?: string | undefined
  actor?: string | undefined
  entityType?: string | undefined
  entityId?: string | undefined
  /** ISO date-times with an offset. */
  from?: string | undefined
  to?: string | undefined
  limit?: number | undefined
  /** Entries older than this id: the next page. */
  before?: number | undefined
}
export type TApiKey = z.infer<typeof ZApiKey>
export type TApiKeyScope = z.infer<typeof ZApiKeyScope>
export type TCreateApiKeyRequest = z.input<typeof ZCreateApiKeyRequest>
export type TCreatedApiKey = z.infer<typeof ZCreatedApiKey>
type Ok = { ok: true }

// A wrong password answers 401 too: that is the caller's business, not a lost session.
// rememberDevice: the session idles out after days, not minutes (a phone of one's own, a wall screen).
export const login = (username: string, password: string, rememberDevice = false) =>
  api.post<TLoginResponse>(
    '/api/auth/login',
    { username, password, ...(rememberDevice ? { rememberDevice } : {}) },
    { expectUnauthorized: true },
  )

export const logout = () => api.post<Ok>('/api/auth/logout', undefined, { expectUnauthorized: true })

/** Who is signed in; 401 when nobody is, which the auth store handles itself. */
export const getMe = (signal?: AbortSignal) =>
  api.request<TMe>('GET', '/api/me', { signal, expectUnauthorized: true })

export const changePassword = (currentPassword: string, newPassword: string) =>
  api.post<Ok>('/api/me/password', { currentPassword, newPassword })

export const listMySessions = () => api.get<{ items: TSession[] }>('/api/me/sessions')

export const revokeMySession = (id: string) =>
  api.post<Ok>(`/api/me/sessions/${encodeURIComponent(id)}/revoke`)

export const listUsers = (query: TUserListQuery = {}, signal?: AbortSignal) =>
  api.get<TUserList>('/api/users', { ...query }, { signal })

export const createUser = (body: TCreateUserRequest) => api.post<TUser>('/api/users', body)

export const updateUser = (id: number, body: TUpdateUserRequest) => api.patch<TUser>(`/api/users/${id}`, body)

export const assignRole = (id: number, body: TAssignRoleRequest) =>
  api.post<TUser>(`/api/users/${id}/assignments`, body)

export const revokeRole = (id: number, assignmentId: number) =>
  api.delete<TUser>(`/api/users/${id}/assignments/${assignmentId}`)

export const listUnits = () => api.get<{ items: TUnit[] }>('/api/units')

export const listAudit = (query: TAuditQuery = {}, signal?: AbortSignal) =>
  api.get<{ items: TAuditEntry[] }>('/api/audit', { ...query }, { signal })

export const listApiKeys = () => api.get<{ items: TApiKey[] }>('/api/api-keys')

export const createApiKey = (body: TCreateApiKeyRequest) => api.post<TCreatedApiKey>('/api/api-keys', body)

export const revokeApiKey = (id: number) => api.post<TApiKey>(`/api/api-keys/${id}/revoke`)

/** A staff member's full mobile number; the server writes every reveal to the audit log. */
export const revealUserMobile = (id: number) =>
  api.post<{ mobile: string | null }>(`/api/users/${id}/reveal-mobile`)
