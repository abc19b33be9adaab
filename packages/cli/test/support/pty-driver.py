"""Runs a command with a new pseudo-terminal as its controlling terminal, stdin from /dev/null and
stdout/stderr to files, so only what is written to /dev/tty shows on the terminal. Answers prompts:
for each [expected, reply] step it waits until `expected` has appeared on the terminal, then types
`reply`. Prints {"status": <exit status>, "terminal": <everything written to the terminal>} as JSON.

argv[1] is a JSON spec: {"argv": [...], "env": {...}, "stdout": path, "stderr": path, "steps": [[e, r], ...]}.
"""
import json
import os
import pty
import select
import sys
import time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    # fd 3 keeps the terminal open between prompts (the CLI opens /dev/tty per question): with no slave
    # fd open, Linux discards the terminal's output and reads on the master fail with EIO.
    os.dup2(0, 3, inheritable=True)
    os.dup2(os.open("/dev/null", os.O_RDONLY), 0)
    os.dup2(os.open(spec["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
    os.dup2(os.open(spec["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
    os.execve(spec["argv"][0], spec["argv"], spec["env"])

terminal = b""
deadline = time.time() + 20


def read_some(timeout):
    global terminal
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 4096)
    except OSError:  # EIO: the child closed the terminal
        return False
    terminal += chunk
    return bool(chunk)


cursor = 0
for expected, reply in spec["steps"]:
    while terminal.find(expected.encode(), cursor) < 0:
        if time.time() > deadline or not read_some(0.1):
            break
    found = terminal.find(expected.encode(), cursor)
    cursor = found + len(expected) if found >= 0 else len(terminal)
    os.write(fd, reply.encode())

while time.time() < deadline and read_some(0.1):
    pass
_, status = os.waitpid(pid, 0)
print(json.dumps({"status": os.waitstatus_to_exitcode(status), "terminal": terminal.decode("utf8", "replace")}))
