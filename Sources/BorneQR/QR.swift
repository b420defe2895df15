import BorneUI
import CQRencode
