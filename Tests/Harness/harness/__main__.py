"""Command line: `python -m harness up|down|serve-kube|serve-faults` (run with PYTHONPATH=Tests/Harness)."""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path


def _watch_parent(pid: int | None, on_exit) -> None:
    if not pid:
        return

    def loop() -> None:
        while True:
            try:
                os.kill(pid, 0)
            except OSError:
                on_exit()
                return
            time.sleep(1)

    threading.Thread(target=loop, daemon=True).start()


def serve_kube(args: argparse.Namespace) -> int:
    from .kube import server

    async def main() -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        _watch_parent(args.exit_with, lambda: loop.call_soon_threadsafe(stop.set))
        ready = loop.create_future()
        task = asyncio.create_task(server.serve("127.0.0.1", args.port, args.issuer, ready, stop))
        port = await ready
        tmp = Path(args.port_file + ".tmp")
        tmp.write_text(str(port))
        tmp.rename(args.port_file)
        print(f"kube emulator on http://127.0.0.1:{port}", flush=True)
        await task

    asyncio.run(main())
    return 0


def _die_with_parent() -> None:
    """Linux: ask the kernel to SIGTERM this child when its parent (the proxy) dies, even by SIGKILL."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def serve_faults(args: argparse.Namespace) -> int:
    from .aws import faultproxy
    from .launcher import free_port

    moto = None
    for _ in range(5):  # moto_server needs a port number: retry if another process took it
        port = free_port()
        moto = subprocess.Popen([sys.executable, "-m", "harness.aws.motoserver", "-H", "127.0.0.1", "-p", str(port)],
                                stdin=subprocess.DEVNULL,
                                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and moto.poll() is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/data.json", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        if moto.poll() is None:
            break
    if moto is None or moto.poll() is not None:
        print("moto_server did not start", file=sys.stderr)
        return 1
    proxy, _ = faultproxy.start(("127.0.0.1", port))
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    _watch_parent(args.exit_with, done.set)
    info = {"port": proxy.server_port, "motoPort": port, "motoPid": moto.pid}
    tmp = Path(args.port_file + ".tmp")
    tmp.write_text(json.dumps(info))
    tmp.rename(args.port_file)
    print(f"fault proxy on http://127.0.0.1:{proxy.server_port} -> moto on {port}", flush=True)
    while not done.wait(0.5):
        if moto.poll() is not None:
            print("moto_server exited", file=sys.stderr)
            break
    proxy.shutdown()
    if moto.poll() is None:
        moto.terminate()
        try:
            moto.wait(5)
        except subprocess.TimeoutExpired:
            moto.kill()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_up = sub.add_parser("up", help="start kube emulator, moto and the fault proxy; write STATE_DIR/env.json")
    p_up.add_argument("--state-dir", required=True)
    p_up.add_argument("--estate", help="snapshot directory to load (kubernetes.json, iam-roles.json, ...)")
    p_up.add_argument("--issuer", help="initial OIDC issuer URL of the emulated cluster")
    p_up.add_argument("--exit-with", type=int, help="stop when this pid exits (for test runners)")
    p_down = sub.add_parser("down", help="stop the processes recorded in STATE_DIR/env.json")
    p_down.add_argument("--state-dir", required=True)
    p_kube = sub.add_parser("serve-kube")
    p_kube.add_argument("--port", type=int, default=0)
    p_kube.add_argument("--port-file", required=True)
    p_kube.add_argument("--issuer")
    p_kube.add_argument("--exit-with", type=int)
    p_faults = sub.add_parser("serve-faults")
    p_faults.add_argument("--port-file", required=True)
    p_faults.add_argument("--exit-with", type=int)
    args = parser.parse_args(argv)

    from . import launcher
    if args.command == "up":
        env_doc = launcher.up(args.state_dir, args.estate, args.issuer, args.exit_with)
        print(json.dumps(env_doc, indent=2))
        return 0
    if args.command == "down":
        stopped = launcher.down(args.state_dir)
        print(json.dumps({"stopped": stopped}))
        return 0
    if args.command == "serve-kube":
        return serve_kube(args)
    return serve_faults(args)


if __name__ == "__main__":
    sys.exit(main())
