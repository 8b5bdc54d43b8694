import type { TLight } from '@onegrid/core/api/cases'

/** Deadline lights on the dark wall: brighter than the console's, so a dot reads from across the room. */
export const screenLightColours: Record<TLight, string> = {
  green: '#4ade80',
  yellow: '#facc15',
  red: '#f87171',
  none: '#94a3b8',
}
