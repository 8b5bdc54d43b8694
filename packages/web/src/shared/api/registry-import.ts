// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type { TJob } from '@onegrid/core/api/jobs'
import type {
  TImportCommit,
  TImportDryRun,
  TImportField,
  TImportKind,
  TImportRowError,
  TRegistryImport,
  TRegistryImportList,
  TRegistryImportSummary,
} from '@onegrid/core/api/registry-import'
import { api } from './endpoints.ts'

export type {
  TImportCommit,
  TImportDryRun,
  TImportField,
  TImportKind,
  TImportRowError,
  TJob,
  TRegistryImport,
  TRegistryImportList,
  TRegistryImportSummary,
}
export type ImportStatus = TRegistryImport['status']
export type CommitMode = TImportCommit['mode']

const importPath = (id: number) => `/api/registry/imports/${id}`

/** 201 with the headers read, the suggested mapping, the kind's fields and the first rows (masked). */
export function uploadRegistryImport(file: Blob, fileName: string, kind: TImportKind) {
  const form = new FormData()
  form.append('kind', kind)
  form.append('fileName', fileName)
  form.append('file', file, fileName)
  return api.post<TRegistryImport>('/api/registry/imports', form)
}

/** The caller's own imports, newest first, of one kind when given. */
export const listRegistryImports = (
  query: { kind?: TImportKind | undefined; page?: number | undefined; pageSize?: number | undefined },
  signal?: AbortSignal,
) => api.get<TRegistryImportList>('/api/registry/imports', { ...query }, { signal })

export const getRegistryImport = (id: number, signal?: AbortSignal) =>
  api.get<TRegistryImport>(importPath(id), undefined, { signal })

/** 202: every row checked in a job; 400 names the fields (`mapping.name`, `defaultGridCode`). */
export const dryRunRegistryImport = (id: number, body: TImportDryRun) =>
  api.post<TRegistryImport>(`${importPath(id)}/dry-run`, body)

/** 202: the rows written in a job; `all` is refused (400 `mode`) while any row is invalid. */
export const commitRegistryImport = (id: number, mode: CommitMode) =>
  api.post<TRegistryImport>(`${importPath(id)}/commit`, { mode } satisfies TImportCommit)

/** A background job's status and progress. */
export const getJob = (id: number, signal?: AbortSignal) =>
  api.get<TJob>(`/api/jobs/${id}`, undefined, { signal })
