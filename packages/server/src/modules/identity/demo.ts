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

/** The district's departments, one for every department-type handling body (catalog_bodies), so every route finds a unit. */
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
  ['交通局', 'jiaotong'],
  ['水务局', 'shuiwu'],
  ['园林绿化局', 'yuanlin'],
  ['卫生健康委员会', 'weijian'],
  ['供电公司', 'gongdian'],
  ['燃气集团', 'ranqi'],
  ['通信运营商联络处', 'tongxin'],
  ['教育委员会', 'jiaoyu'],
  ['规划和自然资源分局', 'ziran'],
  ['农业农村局', 'nongye'],
  ['文化和旅游局', 'wenlv'],
  ['医疗保障局', 'yibao'],
  ['残疾人联合会', 'canlian'],
  ['团区委', 'tuanwei'],
  ['信访办公室', 'xinfang'],
  ['退役军人事务局', 'tuiyi'],
  ['邮政管理局', 'youzheng'],
  ['体育局', 'tiyu'],
  ['气象局', 'qixiang'],
]
/** Each street's four platforms (四个平台). */
const streetPlatforms: [name: string, body: string][] = [
  ['综治工作平台', 'zongzhi'],
  ['市场监管平台', 'shichang_pt'],
  ['综合执法平台', 'zhifa'],
  ['便民服务平台', 'bianmin'],
]

/** Each street's local offices of district departments (派出所, 司法所 …). */
const streetOffices: [name: string, body: string][] = [
  ['派出所', 'gongan'],
  ['司法所', 'sifa'],
  ['社会事务办', 'minzheng'],
  ['社区卫生服务中心', 'weijian'],
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
  { username: 'zhujian', displayName: '冯处置员', role: 'dept_handler', unit: '住房和城乡建设局' },
  { username: 'ziran', displayName: '何处置员', role: 'dept_handler', unit: '规划和自然资源分局' },
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
  /** Accounts other systems enter cases as (the citizen page, 12345, Open311, machine intake): nobody signs in with them. */
  linkAccounts?: readonly { username: string; displayName: string }[]
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
  const linksToMake: { username: string; displayName: string }[] = []
  for (const l of deps.linkAccounts ?? [])
    if (!(await queries.userByUsername(l.username))) linksToMake.push(l)
  // A password nobody is told: the links act through the server, never through a sign-in.
  const linkHash =
    linksToMake.length > 0 ? await deps.passwords.hash(`Og#${randomBytes(24).toString('base64url')}9a`) : ''

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
      // The district departments' local offices, which street-level routes resolve to.
      for (const [name, bodyCode] of streetOffices) {
        await store.insertUnit(
          trx,
          {
            name: `${street.name.replace(/(街道|镇|乡)$/, '')}${name}`,
            kind: 'department',
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
    for (const l of linksToMake) {
      const id = await store.insertUser(
        trx,
        {
          username: l.username,
          displayName: l.displayName,
          mobile: null,
          passwordHash: linkHash,
          mustChangePassword: false,
        },
        now,
      )
      await store.insertAssignment(
        trx,
        {
          userId: id,
          role: 'operator',
          areaCode: top.code,
          areaPath: top.path,
          unitId: null,
          createdBy: null,
        },
        now,
      )
    }
  })
  await fs.mkdir(deps.dataDir, { recursive: true })
  await fs.writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 })
}
