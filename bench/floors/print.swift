// Floor: a static Swift binary that prints a line (the Swift runtime alone).
import Glibc
print("floor: print")
usleep(300_000)  // stay alive for bench/treerss.py's samples
