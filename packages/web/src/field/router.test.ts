import type { Role } from '@onegrid/core/auth/roles'
import { describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import { guardRoles, routes, tabsOf } from './router.ts'

const Page = defineComponent({ render: () => null })
/** The app's routes with empty pages: the guard and the tabs, not the pages, are under test. */
const bare: RouteRecordRaw[] = routes.map((r) =>
  'redirect' in r && r.redirect ? r : ({ ...r, component: Page } as RouteRecordRaw),
)

async function open(roles: Role[], path: string, from?: string): Promise<string> {
  const router = createRouter({ history: createMemoryHistory(), routes: bare })
  guardRoles(router, () => roles)
  if (from) await router.push(from)
  await router.push(path)
  return router.currentRoute.value.path
}

describe('the tabbar', () => {
  it('has 领导通 first for leaders and shift leaders, and not for a grid worker', () => {
    const paths = (roles: Role[]) => tabsOf(routes, roles).map((t) => t.path)
    expect(paths(['leader'])[0]).toBe('/leader')
    expect(paths(['shift_leader'])).toContain('/leader')
    expect(paths(['grid_worker'])).not.toContain('/leader')
    expect(paths(['grid_worker'])).toEqual(paths([]))
    expect(paths(['grid_worker'])[0]).toBe('/')
  })
})

describe('pages for some roles', () => {
  it('send anybody else home', async () => {
    expect(await open(['grid_worker'], '/leader')).toBe('/')
    expect(await open(['leader'], '/leader')).toBe('/leader')
  })

  it('open 领导通 for a leader arriving at the home page, who may still go home later', async () => {
    expect(await open(['leader'], '/')).toBe('/leader')
    expect(await open(['leader'], '/', '/login')).toBe('/leader')
    expect(await open(['leader'], '/', '/leader')).toBe('/')
    expect(await open(['grid_worker'], '/')).toBe('/')
  })
})

describe('a department handler in the field app', () => {
  it('has 吹哨报到 and none of a grid worker’s patrol, report and visits tabs', () => {
    const paths = (roles: Role[]) => tabsOf(routes, roles).map((t) => t.path)
    expect(paths(['dept_handler'])).toEqual(['/', '/whistles', '/cases', '/settings'])
    expect(paths(['grid_worker'])).toEqual(['/', '/patrol', '/report', '/visits', '/cases', '/settings'])
    // Holding a worker's role too, one keeps a worker's tabs.
    expect(paths(['dept_handler', 'grid_worker'])).toContain('/patrol')
  })

  it('lands on the whistles waiting for the department, and may still open the other pages', async () => {
    expect(await open(['dept_handler'], '/')).toBe('/whistles')
    expect(await open(['dept_handler'], '/', '/login')).toBe('/whistles')
    expect(await open(['dept_handler'], '/', '/whistles')).toBe('/')
    expect(await open(['dept_handler'], '/report')).toBe('/report')
    expect(await open(['grid_worker'], '/whistles')).toBe('/whistles')
    expect(await open(['grid_worker'], '/campaigns/items/12')).toBe('/campaigns/items/12')
  })
})
