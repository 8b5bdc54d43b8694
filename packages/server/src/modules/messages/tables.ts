import type { Timestamp } from '../../platform/db/schema.ts'

/** One reminder of a stage's deadline, given (202612050200_messaging). */
export interface CaseRemindersTable {
  case_id: number
  stage: string
  due_at: Timestamp
  reminded_at: Timestamp
}

/** A staff member's e-mail address or WeChat openid, for ONEGRID_STAFF_SENDER=email|wechat. */
export interface StaffContactsTable {
  user_id: number
  kind: 'email' | 'wechat'
  address: string
  updated_at: Timestamp
}

export interface MessageTables {
  case_reminders: CaseRemindersTable
  staff_contacts: StaffContactsTable
}
