import '../shared/base.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import citizenMessages from '../shared/i18n/citizen.messages.ts'
import { createAppI18n } from '../shared/i18n/index.ts'
import App from './App.vue'
import './citizen.css'

createApp(App)
  .use(createPinia())
  .use(await createAppI18n(citizenMessages))
  .mount('#app')
