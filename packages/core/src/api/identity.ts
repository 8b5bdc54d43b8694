import { z } from 'zod'
import { apiKeyScopes, permissions, roles, unitKinds } from '../auth/roles.ts'

export const ZRole = z.enum(roles)
export const ZPermission = z.enum(permissions)

const username = z
  .string()
  .regex(
    /^[a-z][a-z0-9_.-]{2,31}$/,
    '3–32 个小写字母、数字或 _ . -，以字母开头 / 3–32 lower-case letters, digits, _ . -',
  )
/** Mainland mobile numbers; stored normalised as 11 digits. */
export const ZMobile = z
  .string()
  .transform((v) => v.replace(/[\s-]/g, '').replace(/^(\+?86)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '须为 11 位手机号 / must be an 11-digit mainland mobile number'))

export const ZLoginRequest = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  /** 记住此设备: the session idles out after days (the field app on one's own phone), not minutes. */
  rememberDevice: z.boolean().optional(),
})
export type TLoginRequest = z.infer<typeof ZLoginRequest>

export const ZAssignment = z
  .object({
    id: z.number().int(),
    role: ZRole,
    areaCode: z.string().nullable(),
    areaName: z.string().nullable(),
    unitId: z.number().int().nullable(),
    unitName: z.string().nullable(),
  })
  .meta({ id: 'Assignment' })
export type TAssignment = z.infer<typeof ZAssignment>

export const userStatuses = ['active', 'disabled'] as const
export const ZUser = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    /** Always masked (138****5678); revealing is a separate, audited action. */
    mobileMasked: z.string().nullable(),
    status: z.enum(userStatuses),
    mustChangePassword: z.boolean(),
    lockedUntil: z.iso.datetime({ offset: true }).nullable(),
    assignments: z.array(ZAssignment),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'User' })
export type TUser = z.infer<typeof ZUser>

export const ZMe = z
  .object({
    user: ZUser,
    permissions: z.array(ZPermission),
    /** ltree paths of the areas the caller may see. */
    areaScopes: z.array(z.string()),
    unitScopes: z.array(z.number().int()),
    session: z.object({
      expiresAt: z.iso.datetime({ offset: true }),
      idleMinutes: z.number().int(),
      /** Signed in with "remember this device". */
      rememberDevice: z.boolean(),
    }),
  })
  .meta({ id: 'Me' })
export type TMe = z.infer<typeof ZMe>

export const ZLoginResponse = z.object({ token: z.string(), me: ZMe }).meta({ id: 'LoginResponse' })
export type TLoginResponse = z.infer<typeof ZLoginResponse>

export const ZChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
})

export const ZSession = z
  .object({
    id: z.string(),
    current: z.boolean(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    lastSeenAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Session' })
export const ZSessionList = z.object({ items: z.array(ZSession) })
export const ZSessionIdParams = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) })

export const ZCreateUserRequest = z.object({
  username,
  displayName: z.string().trim().min(1).max(50),
  mobile: ZMobile.optional(),
  initialPassword: z.string().min(1).max(256),
  assignments: z
    .array(
      z.object({
        role: ZRole,
        areaCode: z
          .string()
          .regex(/^\d{6,15}$/)
          .optional(),
        unitId: z.number().int().optional(),
      }),
    )
    .max(20)
    .default([]),
})
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>

export const ZUpdateUserRequest = z
  .object({
    displayName: z.string().trim().min(1).max(50).optional(),
    mobile: ZMobile.nullable().optional(),
    status: z.enum(userStatuses).optional(),
    /** Sets a new initial password the user must change at next login. */
    resetPassword: z.string().min(1).max(256).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容 / nothing to change' })
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>

export const ZUserIdParams = z.object({ id: z.coerce.number().int().positive() })
export const ZUserListQuery = z.object({
  q: z.string().trim().max(50).optional(),
  role: ZRole.optional(),
  areaCode: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export const ZUserList = z.object({ items: z.array(ZUser), total: z.number().int() }).meta({ id: 'UserList' })

export const ZAssignRoleRequest = z
  .object({
    role: ZRole,
    areaCode: z
      .string()
      .regex(/^\d{6,15}$/)
      .optional(),
    unitId: z.number().int().optional(),
  })
  .refine((v) => (v.areaCode === undefined) !== (v.unitId === undefined), {
    message: '须且只能指定 areaCode 或 unitId 之一 / give exactly one of areaCode or unitId',
    path: ['areaCode'],
  })
export type TAssignRoleRequest = z.infer<typeof ZAssignRoleRequest>
export const ZAssignmentIdParams = z.object({
  id: z.coerce.number().int().positive(),
  assignmentId: z.coerce.number().int().positive(),
})

export const ZUnit = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(unitKinds),
    areaCode: z.string(),
    /** The handling body (处置主体) the unit is, which catalog routing names; null for teams. */
    bodyCode: z.string().nullable(),
  })
  .meta({ id: 'Unit' })

export const ZAuditEntry = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime({ offset: true }),
    actor: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    areaPath: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' })
export type TAuditEntry = z.infer<typeof ZAuditEntry>
export const ZAuditQuery = z.object({
  action: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
})
export const ZAuditList = z.object({ items: z.array(ZAuditEntry) }).meta({ id: 'AuditList' })

export const ZApiKeyScope = z.enum(apiKeyScopes)
export const ZCreateApiKeyRequest = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ZApiKeyScope).min(1),
  areaCode: z.string().regex(/^\d{6,15}$/),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
})
export const ZApiKey = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(ZApiKeyScope),
    areaCode: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    revokedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'ApiKey' })
/** The secret is in this answer only; the server keeps a hash. */
export const ZCreatedApiKey = z.object({ apiKey: ZApiKey, secret: z.string() }).meta({ id: 'CreatedApiKey' })
export const ZApiKeyIdParams = z.object({ id: z.coerce.number().int().positive() })
export const ZApiKeyList = z.object({ items: z.array(ZApiKey) })

export const ZOk = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' })

export type TSession = z.infer<typeof ZSession>
export type TUserList = z.infer<typeof ZUserList>
export type TUserListQuery = z.input<typeof ZUserListQuery>
export type TUnit = z.infer<typeof ZUnit>
export type TAuditList = z.infer<typeof ZAuditList>
export type TAuditQuery = z.input<typeof ZAuditQuery>
export type TApiKey = z.infer<typeof ZApiKey>
export type TCreatedApiKey = z.infer<typeof ZCreatedApiKey>
export type TCreateApiKeyRequest = z.infer<typeof ZCreateApiKeyRequest>
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>
