import BorneUI
import CNcursesw
