import type { PlaceKind } from '@onegrid/core/registry/places'
import { buildingSpec } from './buildings.ts'
import { cameraSpec } from './cameras.ts'
import { componentSpec } from './components.ts'
import { houseSpec } from './houses.ts'
import { organizationSpec } from './organizations.ts'
import type { PlaceRowBase, PlaceSpec } from './place-spec.ts'

export type PlaceSpecs = Readonly<Record<PlaceKind, PlaceSpec<PlaceRowBase, object>>>

/** Every kind's declaration, by kind: for what works across kinds (case parties, the map). */
export function placeSpecsOf(componentClasses: ReadonlyMap<string, string>): PlaceSpecs {
  return {
    building: buildingSpec,
    house: houseSpec,
    organization: organizationSpec,
    component: componentSpec(componentClasses),
    camera: cameraSpec,
  }
}
