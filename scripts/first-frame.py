#!/usr/bin/env python3
"""Time from process start to the first full frame, and resident memory once drawn.

Usage: scripts/first-frame.py BINARY DB [RUNS]
Runs the app in a pseudo-terminal at 80x24, waits for the caseload count in the header,
reads VmHWM from /proc, then sends q.
"""
import os, pty, select, struct, sys, time, fcntl, termios, statistics

def once(binary, db):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(binary, [binary, "--db", db])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    first = None
    while time.perf_counter() - start < 10:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            # The footer is drawn last: once it is there, the frame is complete.
            if b"help" in seen and first is None:
                first = time.perf_counter() - start
                break
    time.sleep(0.2)
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1])
    os.write(fd, b"\x03")  # Ctrl-C quits from any screen
    os.waitpid(pid, 0)
    return first, rss

def main():
    binary, db = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    results = [once(binary, db) for _ in range(runs)]
    times = [t * 1000 for t, _ in results if t is not None]
    rss = max(r for _, r in results)
    print(f"first frame: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms over {runs} runs; peak RSS {rss / 1024:.1f} MiB")

main()
