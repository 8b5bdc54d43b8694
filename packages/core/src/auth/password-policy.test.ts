import { describe, expect, it } from 'vitest'
import { checkPassword } from './password-policy.ts'
import { permissionMatrix, permissionsOf, roles } from './roles.ts'

describe('password policy', () => {
  it('accepts a long password from three classes', () => {
    expect(checkPassword('Grid2026ok', 'zhangsan')).toEqual([])
    expect(checkPassword('grid-2026-ok', 'zhangsan')).toEqual([])
  })
  it('names each problem', () => {
    expect(checkPassword('Ab1!', 'x')).toEqual(['too_short'])
    expect(checkPassword('abcdefgh12', 'x')).toEqual(['too_few_classes'])
    expect(checkPassword('Zhangsan#2026', 'zhangsan')).toEqual(['contains_username'])
    expect(checkPassword('Nasgnahz#2026', 'zhangsan')).toEqual(['contains_username'])
  })
})

describe('permission matrix', () => {
  it('gives every role the workspace and only admins account management', () => {
    for (const role of roles) expect(permissionMatrix[role]).toContain('workspace.use')
    expect(roles.filter((r) => permissionMatrix[r].includes('users.manage'))).toEqual(['admin'])
    expect(permissionsOf(['grid_worker', 'leader'])).toEqual([
      'assessment.manage',
      'audit.read',
      'bulletins.manage',
      'campaigns.manage',
      'campaigns.read',
      'cases.export',
      'fieldwork.do',
      'fieldwork.read',
      'pii.reveal',
      'registry.manage',
      'registry.read',
      'registry.special',
      'stats.read',
      'users.read',
      'whistles.escalate',
      'whistles.raise',
      'whistles.read',
      'workspace.use',
    ])
    // Only a department's handlers answer a whistle for it; only the center escalates one.
    expect(roles.filter((r) => permissionMatrix[r].includes('whistles.answer'))).toEqual(['dept_handler'])
    expect(roles.filter((r) => permissionMatrix[r].includes('whistles.escalate'))).toEqual([
      'shift_leader',
      'leader',
      'admin',
    ])
    // Everyone reads the statistics of their scope; only leaders publish assessments.
    expect(roles.filter((r) => permissionMatrix[r].includes('assessment.manage'))).toEqual([
      'leader',
      'admin',
    ])
    // Special groups (convictions, diagnoses) are not for the hotline desk.
    expect(permissionMatrix.operator).not.toContain('registry.special')
    expect(permissionMatrix.dispatcher).not.toContain('registry.read')
  })
})
