#!/usr/bin/env python3
"""Ctrl-C in `vethlab-cli shell`, typed on a real terminal (a pty): it ends the running ping, which
prints its statistics, and the lab stays; at the prompt it drops the line being typed.
Usage: shell_ctrl_c.py VETHLAB_CLI"""
import os, pty, select, sys, time

cli = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.execv(cli, [cli, "shell", "--lab", "facts"])

seen = b""


def read_until(token, timeout=20.0):
    global seen
    end = time.monotonic() + timeout
    while token not in seen:
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            sys.exit(f"timed out waiting for {token!r}; the terminal shows:\n{seen.decode(errors='replace')}")
        try:
            seen += os.read(fd, 4096)
        except OSError:
            sys.exit(f"vethlab-cli ended; the terminal shows:\n{seen.decode(errors='replace')}")
    at = seen.index(token) + len(token)
    before, seen = seen[:at], seen[at:]
    return before.decode(errors="replace")


def type_line(line):
    os.write(fd, line.encode() + b"\n")


PROMPT = b"$ "  # the facts lab's
read_until(PROMPT)
type_line("docker run -d --name aa alpine sleep 1000000")
read_until(PROMPT)
type_line("ping 172.17.0.2; echo status=$?")
read_until(b"icmp_seq=2 ")  # two echoes, in real time: one a second
time.sleep(0.3)
os.write(fd, b"\x03")  # Ctrl-C: the terminal sends SIGINT to the foreground process
out = read_until(PROMPT)
if "ping statistics ---" not in out or " received, 0% packet loss" not in out or "status=0" not in out:
    sys.exit(f"no statistics or a wrong status after Ctrl-C:\n{out}")
type_line("docker ps --format {{.Names}}")
out = read_until(PROMPT)
if "\naa\r\n" not in out:
    sys.exit(f"after Ctrl-C the lab or the status is wrong:\n{out}")
# Ctrl-C at the prompt drops the line being typed; the shell goes on.
os.write(fd, b"echo dropped")
time.sleep(0.2)
os.write(fd, b"\x03")
read_until(PROMPT)
type_line("echo kept")
out = read_until(PROMPT)
if "kept" not in out or "dropped\r\n" in out:
    sys.exit(f"Ctrl-C at the prompt:\n{out}")
type_line("exit")
os.waitpid(pid, 0)
print("ok")
