import '../shared/base.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { api } from '../shared/api/endpoints.ts'
import { useAuthStore } from '../shared/auth/auth-store.ts'
import fieldMessages from '../shared/i18n/field.messages.ts'
import { createAppI18n } from '../shared/i18n/index.ts'
import App from './App.vue'
import { installFieldSession } from './auth/session.ts'
import { SyncEngine } from './offline/sync-engine.ts'
import { installOutbox } from './offline/useOutbox.ts'
import { registerServiceWorker } from './pwa/register.ts'
import { router } from './router.ts'
import './field.css'

const pinia = createPinia()
const app = createApp(App).use(pinia)

// The queue's engine sends through the same client as the pages, with the bearer token kept on the phone.
const engine = new SyncEngine({ api })
installOutbox(engine)
installFieldSession({ router, auth: useAuthStore(pinia), engine })

// Mounted once the language's messages are at hand: Chinese at once, English fetched first when chosen.
// (Not a top-level await: the build would then keep every module the pages share out of this chunk.)
void createAppI18n(fieldMessages).then((i18n) => {
  app.use(i18n).use(router).mount('#app')
  // A patrol left running when the app was closed records on once the worker is signed in (pages/patrol).
  router.afterEach(() => {
    void import('./pages/patrol/patrol-recorder.ts').then((m) =>
      m.resumePatrol((key, params) => (params ? i18n.global.t(key, params) : i18n.global.t(key))),
    )
  })
})
registerServiceWorker()
