import '../shared/base.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import citizenMessages from '../shared/i18n/citizen.messages.ts'
import { createAppI18n } from '../shared/i18n/index.ts'
import App from './App.vue'
import './citizen.css'
import { createCitizenRouter } from './router.ts'

// Mounted once the language's messages are at hand: Chinese at once, English fetched first when chosen.
void createAppI18n(citizenMessages).then((i18n) =>
  createApp(App).use(createPinia()).use(createCitizenRouter()).use(i18n).mount('#app'),
)
