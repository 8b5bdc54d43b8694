import { createRouter, createWebHistory, type Router } from 'vue-router'
import HomePage from './pages/HomePage.vue'

/** The citizen page's screens; the home page comes with the entry, the others load when opened. */
export function createCitizenRouter(): Router {
  return createRouter({
    history: createWebHistory('/citizen/'),
    routes: [
      { path: '/', name: 'home', component: HomePage },
      { path: '/report', name: 'report', component: () => import('./pages/ReportPage.vue') },
      { path: '/track/:code?', name: 'track', component: () => import('./pages/TrackPage.vue') },
      { path: '/mine', name: 'mine', component: () => import('./pages/MinePage.vue') },
      { path: '/map', name: 'map', component: () => import('./pages/PublicMapPage.vue') },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
    scrollBehavior: () => ({ top: 0 }),
  })
}
