import '../shared/base.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { createAppI18n } from '../shared/i18n/index.ts'
import screenMessages from '../shared/i18n/screen.messages.ts'
import App from './App.vue'
import './screen.css'

// Mounted once the language's messages are at hand: Chinese at once, English fetched first when chosen.
void createAppI18n(screenMessages).then((i18n) => createApp(App).use(createPinia()).use(i18n).mount('#app'))
