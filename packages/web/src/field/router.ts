import { createRouter, createWebHistory } from 'vue-router'

export const router = createRouter({
  history: createWebHistory('/field/'),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/WorkbenchPage.vue') },
    { path: '/areas', name: 'areas', component: () => import('./pages/AreasPage.vue') },
    { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue') },
    {
      path: '/report',
      name: 'report',
      component: () => import('./pages/report/ReportPage.vue'),
      meta: { tab: { icon: 'add-o', labelKey: 'field.report.tab', order: 30 } },
    },
    {
      path: '/cases',
      name: 'cases',
      component: () => import('./pages/cases/CasesPage.vue'),
      meta: { tab: { icon: 'todo-list-o', labelKey: 'field.cases.tab', order: 50 } },
    },
    { path: '/cases/:id(\\d+)', name: 'case', component: () => import('./pages/cases/CaseDetailPage.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})
