/** The only source of "now" in services and jobs, so tests can inject time. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #now: Date
  constructor(start: Date | string) {
    this.#now = new Date(start)
  }
  now(): Date {
    return new Date(this.#now)
  }
  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms)
  }
  set(at: Date | string): void {
    this.#now = new Date(at)
  }
}
