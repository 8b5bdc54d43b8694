import { pathInScope, type Scope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { AppError, text, ValidationError } from '../../platform/http/errors.ts'
import type { RegistryPorts } from './ports.ts'

export type PlacedGrid = { code: string; path: string }

/** The grid at a point inside a jurisdiction, or null when the point is in none of its grids. */
export async function gridAt(
  locate: RegistryPorts['locate'],
  scope: Scope,
  lng: number,
  lat: number,
): Promise<PlacedGrid | null> {
  const found = await locate(scope, lng, lat).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) return null
    throw err
  })
  return found
    ? {
        code: found.grid.code,
        path: [found.district.code, found.street.code, found.community.code, found.grid.code].join('.'),
      }
    : null
}

/**
 * The grid a record belongs to: the one chosen (inside the caller's
 * jurisdiction), or the one found at the point. Persons and places alike.
 */
export async function gridOf(
  ports: Pick<RegistryPorts, 'area' | 'locate'>,
  p: UserPrincipal,
  input: { gridCode?: string | undefined; location?: { lng: number; lat: number } | null | undefined },
): Promise<PlacedGrid> {
  if (input.gridCode) {
    const grid = await ports.area(input.gridCode).catch(() => null)
    if (grid?.level !== 'grid' || !pathInScope(grid.path, p.scope))
      throw new ValidationError({
        gridCode: text('网格不存在或不在您的辖区内', 'No such grid in your jurisdiction'),
      })
    return { code: grid.code, path: grid.path }
  }
  if (input.location) {
    const found = await gridAt(ports.locate, p.scope, input.location.lng, input.location.lat)
    if (!found)
      throw new ValidationError({
        location: text('该位置不在您辖区内的任何网格中', 'The place is in no grid of your jurisdiction'),
      })
    return found
  }
  throw new ValidationError({ gridCode: text('请选择所属网格', 'Choose the grid') })
}
