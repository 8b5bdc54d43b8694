import { ElMessage, ElMessageBox } from 'element-plus'
// Imported by hand, the resolvers do not add these components' styles.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'

export function toastSuccess(message: string): void {
  ElMessage({ type: 'success', message, grouping: true })
}

export function toastError(message: string): void {
  ElMessage({ type: 'error', message, grouping: true, duration: 6000 })
}

/** Asks before a destructive action; resolves true when confirmed. */
export async function confirmDanger(
  message: string,
  labels: { title: string; confirm: string; cancel: string },
): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, labels.title, {
      type: 'warning',
      confirmButtonText: labels.confirm,
      cancelButtonText: labels.cancel,
      confirmButtonClass: 'el-button--danger',
    })
    return true
  } catch {
    return false
  }
}
