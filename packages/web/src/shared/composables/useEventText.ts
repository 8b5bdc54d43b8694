import { useI18n } from 'vue-i18n'
import type { StreamEvent } from '../sse/event-stream.ts'

function heartbeatInstance(event: StreamEvent): string | null {
  const data = event.data
  if (typeof data !== 'object' || data === null || !('instance' in data)) return null
  return typeof data.instance === 'string' ? data.instance : null
}

/** Human words for a live event; topics we have no words for yet are shown as they are. */
export function useEventText() {
  const { t } = useI18n()
  return {
    title(event: StreamEvent): string {
      return event.topic === 'system.heartbeat' ? t('events.topic.heartbeat') : event.topic
    },
    detail(event: StreamEvent): string {
      const instance = event.topic === 'system.heartbeat' ? heartbeatInstance(event) : null
      return instance ? t('events.heartbeatFrom', { instance }) : ''
    },
  }
}
