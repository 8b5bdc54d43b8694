import { ZMarkRead, ZNotificationList, ZNotificationQuery } from '@onegrid/core/api/cases'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/http/access.ts'
import type { NotificationService } from './service.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody }
const signedIn = { access: { signedIn: true } } as const

/** The caller's own in-app notifications. */
export const notificationRoutes =
  (notifications: NotificationService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/notifications',
      {
        config: signedIn,
        schema: {
          operationId: 'listNotifications',
          summary: 'My notifications, newest first, with the unread count',
          tags: ['notifications'],
          querystring: ZNotificationQuery,
          response: { 200: ZNotificationList, ...errors },
        },
      },
      async (request) => notifications.list(requireUser(request).userId, request.query),
    )

    app.post(
      '/api/notifications/read',
      {
        config: signedIn,
        schema: {
          operationId: 'markNotificationsRead',
          summary: 'Mark some or all of my notifications read',
          tags: ['notifications'],
          body: ZMarkRead,
          response: { 200: z.object({ updated: z.number().int() }), ...errors },
        },
      },
      async (request) => notifications.markRead(requireUser(request).userId, request.body),
    )
  }
