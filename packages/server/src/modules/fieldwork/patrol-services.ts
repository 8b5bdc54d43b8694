import { CheckInService } from './check-ins.ts'
import { CoverageService } from './coverage.ts'
import type { PatrolPorts } from './patrol-ports.ts'
import type { PatrolServices } from './patrol-routes.ts'
import { PatrolService } from './patrols.ts'

/** Patrols, check-ins and coverage wired over one set of ports (the composition root calls this). */
export function patrolServices(ports: PatrolPorts): PatrolServices {
  const coverage = new CoverageService(ports)
  const checkIns = new CheckInService(ports)
  return { patrols: new PatrolService(ports, coverage, checkIns), checkIns, coverage }
}
