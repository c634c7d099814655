"""Drives `vp lsp` through the protocol as an editor does, on a plan tree, and
prints what an editor waits for: the first load, the findings of an edited unit
plan, the findings of every unit after an edit of their nämnd plan, and the
server's peak memory. Standard library only. Used by bench/lsp.sh.

Usage: python3 bench/lsp.py VP TREE [EDITS]
"""

import json
import os
import pathlib
import statistics
import subprocess
import sys
import threading
import queue
import time


class Server:
    def __init__(self, vp, root):
        self.proc = subprocess.Popen([vp, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.incoming = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.startswith(b"Content-Length:"):
                    length = int(line.split(b":")[1])
            self.incoming.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            _, msg = self.incoming.get(timeout=120)
            if msg.get("id") == self.next_id and "method" not in msg:
                return msg

    def wait_diagnostics(self, want):
        """Waits until every uri in `want` has had diagnostics published that satisfy
        want[uri]; returns the time the last of them arrived."""
        left = dict(want)
        while left:
            at, msg = self.incoming.get(timeout=120)
            if msg.get("method") != "textDocument/publishDiagnostics":
                continue
            uri = msg["params"]["uri"]
            ok = left.get(uri)
            if ok and ok(msg["params"]["diagnostics"]):
                del left[uri]
        return at

    def peak_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0


def has(code):
    return lambda d: any(x.get("code") == code for x in d)


def lacks(code):
    return lambda d: not any(x.get("code") == code for x in d)


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    vp, root = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    tree_bytes = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())

    start = time.perf_counter()
    server = Server(vp, root)
    server.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
    server.notify("initialized", {})
    # Answered once the tree is loaded and checked.
    units = sorted(p for p in root.rglob("*.yaml") if "typ: enhetsplan" in p.read_text()[:2000])
    unit = units[0]
    server.request("textDocument/documentSymbol", {"textDocument": {"uri": unit.as_uri()}})
    load = time.perf_counter() - start

    # One unit plan edited: a nämndmål misspelt, then put right, in turn.
    text = unit.read_text()
    line = next(l for l in text.splitlines() if l.startswith("  - nämndmål: "))
    bad = text.replace(line, line + "x", 1)
    server.notify("textDocument/didOpen", {"textDocument": {"uri": unit.as_uri(), "languageId": "yaml", "version": 1, "text": text}})
    times = []
    version = 1
    for i in range(edits * 2):
        version += 1
        broken = i % 2 == 0
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": unit.as_uri(), "version": version}, "contentChanges": [{"text": bad if broken else text}]})
        got = server.wait_diagnostics({unit.as_uri(): has("VP012") if broken else lacks("VP012")})
        times.append(got - sent)

    # The nämnd plan edited: one of its nämndmål renamed, so every unit naming it
    # gets VP012; then named back, so every one is cleared.
    committee = unit.parent / "namndplan.yaml"
    ctext = committee.read_text()
    goal = line.split(": ", 1)[1].strip()
    serving = [
        u for u in units if u.parent == unit.parent and f"nämndmål: {goal}\n" in u.read_text()
    ]
    renamed = ctext.replace(f"id: {goal}\n", f"id: {goal}-ny\n", 1)
    server.notify("textDocument/didOpen", {"textDocument": {"uri": committee.as_uri(), "languageId": "yaml", "version": 1, "text": ctext}})
    wide = []
    for i in range(4):
        broken = i % 2 == 0
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": committee.as_uri(), "version": i + 2}, "contentChanges": [{"text": renamed if broken else ctext}]})
        got = server.wait_diagnostics({u.as_uri(): (has("VP012") if broken else lacks("VP012")) for u in serving})
        wide.append(got - sent)

    peak = server.peak_kib() * 1024
    server.request("shutdown", None)
    server.notify("exit", None)
    server.proc.wait(timeout=60)
    ms = lambda s: f"{s * 1000:.0f} ms"
    print(f"träd: {len(units)} enhetsplaner, {tree_bytes / 1e6:.0f} MB")
    print(f"första laddningen (start till första svar): {ms(load)}")
    print(f"en enhetsplan ändrad → dess fynd ({len(times)} ändringar): median {ms(statistics.median(times))}, p95 {ms(percentile(times, 95))}")
    print(f"nämndplanen ändrad → {len(serving)} enheters fynd ({len(wide)} ändringar): median {ms(statistics.median(wide))}, max {ms(max(wide))}")
    print(f"toppminne: {peak / 1e6:.0f} MB ({peak / tree_bytes:.2f} × trädet)")


if __name__ == "__main__":
    main()
