/** Where a report is: a GPS fix, or a pin placed by hand, or the place a visit passed on. */
export interface Place {
  lng: number
  lat: number
  /** Metres (GPS); null once the pin is placed by hand. */
  accuracy: number | null
  source: 'gps' | 'pin' | 'given'
}

/** The grid a place lies in, as the page found it. */
export interface FoundGrid {
  code: string
  name: string
  /** Found on the phone from the cached boundaries (no signal), not by the server. */
  offline: boolean
  /** One of the grids I work in (the server refuses a report outside them). */
  mine: boolean
}
