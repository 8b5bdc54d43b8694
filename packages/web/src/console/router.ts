import { createRouter, createWebHistory } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    title?: 'console.nav.dashboard' | 'console.nav.areas'
  }
}

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    {
      path: '/',
      name: 'dashboard',
      component: () => import('./pages/DashboardPage.vue'),
      meta: { title: 'console.nav.dashboard' },
    },
    {
      path: '/areas',
      name: 'areas',
      component: () => import('./pages/AreasPage.vue'),
      meta: { title: 'console.nav.areas' },
    },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})
