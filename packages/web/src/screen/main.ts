import '../shared/base.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { createAppI18n } from '../shared/i18n/index.ts'
import screenMessages from '../shared/i18n/screen.messages.ts'
import App from './App.vue'
import './screen.css'

createApp(App)
  .use(createPinia())
  .use(await createAppI18n(screenMessages))
  .mount('#app')
