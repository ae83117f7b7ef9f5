#!/usr/bin/env python3
"""CPU time of each thread of a process, summed by thread name, per ledger entry.

Usage: bench/thread_cpu.py PID ENTRIES. The server's threads are named by thread_name.h; its
connection threads keep the program's name. Used by server_bench.sh and server_load.sh.
"""
import os
import sys

pid, entries = sys.argv[1], max(float(sys.argv[2]), 1.0)
tick, cpu = os.sysconf("SC_CLK_TCK"), {}
for tid in os.listdir(f"/proc/{pid}/task"):
    with open(f"/proc/{pid}/task/{tid}/stat") as f:
        stat = f.read()
    name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
    cpu[name] = cpu.get(name, 0) + int(fields[11]) + int(fields[12])  # utime + stime
for name, ticks in sorted(cpu.items(), key=lambda kv: -kv[1]):
    if ticks:
        print(f"cpu {name:16} {ticks / tick:7.2f} s {ticks / tick / entries * 1e6:7.1f} us/entry")
