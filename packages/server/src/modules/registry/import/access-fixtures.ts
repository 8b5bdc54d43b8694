import type { TRegistryImport } from '@onegrid/core/api/registry-import'
import type { Caller, ModuleFixtures, Target } from '../../../../test/access-matrix.ts'
import { createUser } from '../../../../test/identity-fixtures.ts'
import { multipart } from '../../../../test/multipart.ts'
import type { UserPrincipal } from '../../../platform/auth/principal.ts'

/** The authorization matrix's requests for registry imports: an import is its uploader's. */
export const registryImportAccessFixtures: ModuleFixtures = ({ app, areaOf }) => {
  let stranger: UserPrincipal | undefined
  const csv = () => Buffer.from(`姓名,网格编码\n矩阵导入,${areaOf('in', '001001')}\n无网格,\n`)
  /** Inside: the caller's own import; outside: somebody else's. */
  const ownerOf = async (c: Caller, t: Target): Promise<UserPrincipal> => {
    if (t === 'in' && c.userId !== null) {
      const p = await app().services.sessions.principalFor(c.userId, c.name, 'matrix', false)
      if (p.permissions.has('registry.import')) return p
    }
    if (!stranger) {
      const user = await createUser(app(), { username: 'm_import_owner', role: 'admin', areaCode: '110120' })
      stranger = await app().services.sessions.principalFor(user.id, user.username, 'matrix', false)
    }
    return stranger
  }
  const uploaded = async (c: Caller, t: Target): Promise<TRegistryImport> =>
    app().services.registryImports.upload(await ownerOf(c, t), 'persons', 'matrix.csv', csv(), 'zh')
  const validated = async (c: Caller, t: Target): Promise<TRegistryImport> => {
    const owner = await ownerOf(c, t)
    const imp = await app().services.registryImports.upload(owner, 'persons', 'matrix.csv', csv(), 'zh')
    const running = await app().services.registryImports.dryRun(
      owner,
      imp.id,
      { mapping: { name: 0, gridCode: 1 } },
      'zh',
    )
    if (running.jobId) await app().runner.runNow(running.jobId)
    return running
  }

  return {
    importRegistry: {
      targeted: false,
      call: async () => {
        const body = multipart({ fileName: 'matrix.csv' }, { name: 'matrix.csv', data: csv() })
        return { method: 'POST', url: '/api/registry/imports', payload: body.payload, headers: body.headers }
      },
    },
    listRegistryImports: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/registry/imports' }),
    },
    getImportJob: {
      targeted: true,
      call: async (c, t) => ({ method: 'GET', url: `/api/registry/imports/${(await uploaded(c, t)).id}` }),
    },
    dryRunRegistryImport: {
      targeted: true,
      call: async (c, t) => ({
        method: 'POST',
        url: `/api/registry/imports/${(await uploaded(c, t)).id}/dry-run`,
        payload: { mapping: { name: 0, gridCode: 1 } },
      }),
    },
    commitRegistryImport: {
      targeted: true,
      call: async (c, t) => ({
        method: 'POST',
        url: `/api/registry/imports/${(await validated(c, t)).id}/commit`,
        payload: { mode: 'valid_only' },
      }),
    },
    downloadImportErrors: {
      targeted: true,
      call: async (c, t) => ({
        method: 'GET',
        url: `/api/registry/imports/${(await validated(c, t)).id}/errors.xlsx`,
      }),
    },
  }
}
