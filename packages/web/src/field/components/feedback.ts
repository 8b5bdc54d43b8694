// Vant's dialog and toast functions for the shell's pages, with their styles: the resolver imports the
// styles of components it sees in templates, not of functions called from scripts.
import 'vant/es/toast/style/index'
import 'vant/es/dialog/style/index'

export { showConfirmDialog, showSuccessToast, showToast } from 'vant'
