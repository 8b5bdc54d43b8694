import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { checkPassword } from '@onegrid/core/auth/password-policy'
import type { Role } from '@onegrid/core/auth/roles'
import type { Clock } from '../../platform/clock.ts'
import { ConfigError } from '../../platform/config.ts'
import type { AreaService } from '../areas/service.ts'
import type { PasswordHasher } from './passwords.ts'
import type { IdentityQueries } from './queries.ts'
import type { IdentityStore } from './store.ts'

const district = '110120'

/** The district's departments with the handling body each is (catalog_bodies). */
const departments: [name: string, body: string][] = [
  ['城市管理局', 'chengguan'],
  ['市场监督管理局', 'shichang'],
  ['住房和城乡建设局', 'zhujian'],
  ['生态环境分局', 'shengtai'],
  ['应急管理局', 'yingji'],
  ['公安分局', 'gongan'],
  ['消防救援大队', 'xiaofang'],
  ['民政局', 'minzheng'],
  ['人力资源和社会保障局', 'renshe'],
  ['司法局', 'sifa'],
]
/** Each street's four platforms (四个平台). */
const streetPlatforms: [name: string, body: string][] = [
  ['综治工作平台', 'zongzhi'],
  ['市场监管平台', 'shichang_pt'],
  ['综合执法平台', 'zhifa'],
  ['便民服务平台', 'bianmin'],
]

type DemoAccount = { username: string; displayName: string; role: Role; areaCode?: string; unit?: string }

/** One account per role, each scoped the way such a person would be in 云溪区. */
const accounts: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', areaCode: district },
  { username: 'leader', displayName: '王区长', role: 'leader', areaCode: district },
  { username: 'zhibanzhang', displayName: '李值班长', role: 'shift_leader', areaCode: district },
  { username: 'shouliyuan', displayName: '陈受理员', role: 'operator', areaCode: district },
  { username: 'paiqianyuan', displayName: '赵派遣员', role: 'dispatcher', areaCode: district },
  { username: 'jianduyuan', displayName: '孙监督员', role: 'supervisor', areaCode: '110120001' },
  { username: 'wanggezhang', displayName: '周网格长', role: 'grid_leader', areaCode: '110120001001001' },
  { username: 'wanggeyuan', displayName: '吴网格员', role: 'grid_worker', areaCode: '110120001001001' },
  { username: 'chengguan', displayName: '郑处置员', role: 'dept_handler', unit: '城市管理局' },
]

export const demoAccountsFile = (dataDir: string) => path.join(dataDir, 'demo-accounts.txt')

/** The demo password: configured, or the one already handed out, or a new one that meets the policy. */
async function demoPassword(configured: string | undefined, file: string): Promise<string> {
  if (configured) {
    if (accounts.some((a) => checkPassword(configured, a.username).length > 0)) {
      throw new ConfigError(
        'ONEGRID_DEMO_PASSWORD must have 8+ characters from three of: lower, upper, digits, symbols',
      )
    }
    return configured
  }
  const existing = await fs.readFile(file, 'utf8').catch(() => '')
  const fromFile = existing.split('\n')[0]?.split('\t')[1]
  return fromFile || `Og#${randomBytes(8).toString('base64url')}9a`
}

/**
 * Demo step: departments, each street's four platforms and joint team, and one
 * account per role. Writes `demo-accounts.txt` (username, password, role, scope).
 */
export async function loadDemoIdentity(deps: {
  store: IdentityStore
  queries: IdentityQueries
  areas: AreaService
  clock: Clock
  dataDir: string
  password: string | undefined
  passwords: PasswordHasher
}): Promise<void> {
  const { store, queries, areas, clock } = deps
  const now = clock.now()
  const file = demoAccountsFile(deps.dataDir)
  const password = await demoPassword(deps.password, file)
  const hash = await deps.passwords.hash(password)
  const top = await areas.get(district)
  const streets = await areas.list({ under: district, level: 'street' })

  // Read everything first: on the embedded database a read outside an open transaction would wait for it.
  const existing = new Map<string, number>()
  const places = new Map<string, { code: string; name: string; path: string }>()
  for (const a of accounts) {
    const user = await queries.userByUsername(a.username)
    if (user) existing.set(a.username, user.id)
    if (a.areaCode && !places.has(a.areaCode)) places.set(a.areaCode, await areas.get(a.areaCode))
  }

  const lines: string[] = []
  await store.transaction(async (trx) => {
    const unitIds = new Map<string, number>()
    for (const [name, bodyCode] of departments) {
      unitIds.set(
        name,
        await store.insertUnit(
          trx,
          { name, kind: 'department', areaCode: top.code, areaPath: top.path, bodyCode },
          now,
        ),
      )
    }
    for (const street of streets) {
      for (const [name, bodyCode] of streetPlatforms) {
        await store.insertUnit(
          trx,
          {
            name: `${street.name}${name}`,
            kind: 'platform',
            areaCode: street.code,
            areaPath: street.path,
            bodyCode,
          },
          now,
        )
      }
      await store.insertUnit(
        trx,
        { name: `${street.name}联勤队伍`, kind: 'joint_team', areaCode: street.code, areaPath: street.path },
        now,
      )
    }
    for (const a of accounts) {
      const known = existing.get(a.username)
      const id =
        known ??
        (await store.insertUser(
          trx,
          {
            username: a.username,
            displayName: a.displayName,
            mobile: null,
            passwordHash: hash,
            mustChangePassword: false,
          },
          now,
        ))
      if (known)
        await store.updateUser(
          trx,
          id,
          { passwordHash: hash, mustChangePassword: false, status: 'active' },
          now,
        )
      const area = a.areaCode ? (places.get(a.areaCode) ?? null) : null
      const unitId = a.unit ? (unitIds.get(a.unit) ?? null) : null
      await store.insertAssignment(
        trx,
        {
          userId: id,
          role: a.role,
          areaCode: area?.code ?? null,
          areaPath: area?.path ?? null,
          unitId,
          createdBy: null,
        },
        now,
      )
      lines.push(
        [a.username, password, a.role, area ? `${area.code} ${area.name}` : `unit ${a.unit}`].join('\t'),
      )
    }
  })
  await fs.mkdir(deps.dataDir, { recursive: true })
  await fs.writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 })
}
