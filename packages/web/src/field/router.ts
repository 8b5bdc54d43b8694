import { createRouter, createWebHistory } from 'vue-router'

export const router = createRouter({
  history: createWebHistory('/field/'),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/WorkbenchPage.vue') },
    { path: '/areas', name: 'areas', component: () => import('./pages/AreasPage.vue') },
    { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})
