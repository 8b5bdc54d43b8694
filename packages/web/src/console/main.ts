import '../shared/base.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { createAppI18n } from '../shared/i18n/index.ts'
import App from './App.vue'
import { router } from './router.ts'
import './console.css'

createApp(App).use(createPinia()).use(createAppI18n()).use(router).mount('#app')
