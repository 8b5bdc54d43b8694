// Vant's function APIs are imported by hand with their styles (the resolver only sees components in templates).
import 'vant/es/toast/style/index'
import 'vant/es/dialog/style/index'
import 'vant/es/image-preview/style/index'

export { showConfirmDialog, showFailToast, showImagePreview, showSuccessToast, showToast } from 'vant'
