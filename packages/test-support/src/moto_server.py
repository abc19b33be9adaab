#!/usr/bin/env python3
"""Test harness (see moto.ts): moto's ThreadedMotoServer on 127.0.0.1, port chosen by the OS.

  python3 moto_server.py [--auth N] [--record FILE]

Prints "PORT <n>" on stdout once listening; stops on SIGTERM/SIGINT or when stdin closes.
"""
import argparse, os, signal, sys, threading

parser = argparse.ArgumentParser()
parser.add_argument("--auth", type=int)
parser.add_argument("--record")
args = parser.parse_args()
# moto reads these at import time.
if args.auth is not None:
    os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(args.auth)
if args.record:
    os.environ["MOTO_ENABLE_RECORDING"] = "true"
    os.environ["MOTO_RECORDER_FILEPATH"] = os.path.abspath(args.record)
    open(args.record, "a").close()

from moto.moto_server.threaded_moto_server import ThreadedMotoServer  # noqa: E402

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(f"PORT {server.get_host_and_port()[1]}", flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
# The parent's death closes our stdin: never outlive the test run.
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
stop.wait()
server.stop()
