import '../shared/base.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { api } from '../shared/api/endpoints.ts'
import { useAuthStore } from '../shared/auth/auth-store.ts'
import { installAuthGuard } from '../shared/auth/guard.ts'
import consoleMessages from '../shared/i18n/console.messages.ts'
import { createAppI18n } from '../shared/i18n/index.ts'
import App from './App.vue'
import { authRouteNames, router } from './router.ts'
import './console.css'

const pinia = createPinia()
// Before the router: the first navigation already waits for the answer to "who is signed in".
installAuthGuard(router, useAuthStore(pinia), api, authRouteNames)
// Mounted once the language's messages are at hand: Chinese at once, English fetched first when chosen.
void createAppI18n(consoleMessages).then((i18n) =>
  createApp(App).use(pinia).use(i18n).use(router).mount('#app'),
)
