import BorneCore
print("borne \(BorneCore.version)")
