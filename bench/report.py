#!/usr/bin/env python3
"""Turns the raw result lines of scripts/bench.sh into the report.

Input: one line per program result, "key=value key=value ...", tagged by
the script with run, target, role and the bench's parameters. Output: a
table on stdout pairing each p3net figure (Wasmtime, jco) with its native
counterpart from the same run, the host calls and allocations per
operation, one goal line per target goal, results.json and summary.svg.
"""
import argparse
import datetime
import json
import math
import sys

# wasilibc: the same source built against wasi-libc's wasip3 sysroot, run on
# Wasmtime; floor: bench/floor.c (the unavoidable host calls only), on
# Wasmtime. "wasmtime" and "jco" are p3net's build.
TARGETS = ("native", "wasmtime", "jco", "wasilibc", "floor")
COMPONENTS = ("wasmtime", "jco", "wasilibc", "floor")
NAMES = {"native": "native", "wasmtime": "p3net", "jco": "p3net/jco", "wasilibc": "wasi-libc",
         "floor": "floor"}
JCO_NOTE = ("jco is ~1000x slower per async host call than Wasmtime (its scheduler waits "
            "for a timer tick, ~2.5 ms per call), so it runs far fewer round trips and its "
            "figures are a correctness check and an order of magnitude, not a speed result.")


def parse(path):
    recs = []
    with open(path) as f:
        for line in f:
            rec = {}
            for tok in line.split():
                if "=" not in tok:
                    continue
                k, v = tok.split("=", 1)
                try:
                    rec[k] = int(v)
                except ValueError:
                    try:
                        rec[k] = float(v)
                    except ValueError:
                        rec[k] = v
            if rec:
                recs.append(rec)
    return recs


def select(recs, **want):
    return [r for r in recs if all(r.get(k) == v for k, v in want.items())]


def median_rec(recs, key):
    """The record whose key is the median (the lower middle one for an even count)."""
    recs = sorted((r for r in recs if key in r), key=lambda r: r[key])
    return recs[(len(recs) - 1) // 2] if recs else None


class Report:
    def __init__(self, recs):
        self.recs = recs
        self.rows = []   # comparisons: a figure on each target
        self.costs = []  # host calls and allocations per operation
        self.goals = []

    # --- comparisons ------------------------------------------------------
    def row(self, rid, group, label, short, unit, better, values, detail=None):
        r = {"id": rid, "group": group, "label": label, "short": short, "unit": unit,
             "better": better, "values": values, "ratio": {}, "detail": detail or {}}
        nat = values.get("native")
        for t in COMPONENTS:
            v = values.get(t)
            if v is not None and nat:
                r["ratio"][t] = v / nat
        # p3net on Wasmtime against the reference and the floor, same host
        p3 = values.get("wasmtime")
        r["vs"] = {}
        for t in ("wasilibc", "floor"):
            v = values.get(t)
            if p3 is not None and v:
                r["vs"][t] = p3 / v
        self.rows.append(r)
        return r

    def loss(self, rec):
        """sent - received for a throughput run, from its sender's line."""
        snd = select(self.recs, run=rec["run"], role="sender")
        if not snd:
            return None, None
        sent = snd[0]["sent"]
        lost = sent - rec["received"]
        return sent, lost

    def rtt_row(self, placement, plabel, variant, label, q, qlabel):
        vals, det = {}, {}
        for t in TARGETS:
            runs = select(self.recs, variant="native" if t == "native" else variant,
                          role="client", target=t, placement=placement)
            m = median_rec(runs, q)
            if m:
                vals[t] = m[q]
                det[t] = {"rounds": m["rounds"], "lost": m["lost"], "runs": len(runs),
                          "all": sorted(r[q] for r in runs)}
        if len(vals) > 1:
            who = "comp. <-> native" if variant == "client" else "comp. <-> comp."
            self.row(f"rtt_{placement}_{variant}_{qlabel}", "rtt", f"{label}, {plabel}, {qlabel}",
                     f"RTT {who}, {plabel}, {qlabel}", "us", "lower", vals, det)

    def build(self):
        R = self.recs
        # 1. RTT
        for placement, plabel in (("same", "same CPU"), ("split", "2 CPUs")):
            for variant, label in (("client", "RTT, component client <-> native server"),
                                   ("both", "RTT, component client <-> component server")):
                for q, qlabel in (("median_us", "median"), ("p99_us", "p99")):
                    self.rtt_row(placement, plabel, variant, label, q, qlabel)
        # 2. throughput, the receiver measured
        for size in (64, 1400):
            for api in ("poll", "epoll"):
                vals, det = {}, {}
                for t in TARGETS:
                    runs = select(R, measured="receiver", role="receiver", target=t,
                                  api="floor" if t == "floor" else api, size=size)
                    m = median_rec(runs, "dgrams_per_s")
                    if not m:
                        continue
                    sent, lost = self.loss(m)
                    vals[t] = m["dgrams_per_s"]
                    det[t] = {"mb_per_s": m["mb_per_s"], "received": m["received"],
                              "sent": sent, "lost": lost,
                              "loss_pct": 100.0 * lost / sent if sent else None,
                              "runs": len(runs), "per_wakeup": m.get("per_wakeup"),
                              "stop": m.get("stop"),
                              "all": sorted(r["dgrams_per_s"] for r in runs),
                              }
                if len(vals) > 1:
                    self.row(f"tput_recv_{api}_{size}", "throughput",
                             f"receive {size} B, {api}", f"receive {size} B, {api}", "dgram/s",
                             "higher", vals, det)
        # 2b. throughput, the sender measured (native: the native sender of
        # the native poll receiver runs, the same conditions)
        for size in (64, 1400):
            vals, det = {}, {}
            for t in TARGETS:
                if t == "native":
                    runs = [r for r in select(R, measured="receiver", receiver_target="native",
                                              role="sender", target="native", size=size)
                            if select(R, run=r["run"], role="receiver", api="poll")]
                else:
                    runs = select(R, measured="sender", role="sender", target=t, size=size)
                m = median_rec(runs, "dgrams_per_s")
                if m:
                    vals[t] = m["dgrams_per_s"]
                    det[t] = {"mb_per_s": m["mb_per_s"], "sent": m["sent"], "runs": len(runs),
                              "all": sorted(r["dgrams_per_s"] for r in runs)}
            if len(vals) > 1:
                self.row(f"tput_send_{size}", "throughput", f"send {size} B (blocking sendto)",
                         f"send {size} B", "dgram/s", "higher", vals, det)
        # 3. readiness: the best of the reps (one process each)
        for api in ("epoll", "poll"):
            for tmo in (0, 100):
                for n in (1, 64, 256, 1024):
                    vals, det = {}, {}
                    for t in TARGETS:
                        r = self.best_ready(t, api, n, tmo)
                        if r:
                            vals[t] = r["ns_per_call"]
                            det[t] = {"all": sorted(x["ns_per_call"] for x in select(
                                R, bench="readiness", target=t, api=api, idle=n,
                                timeout_ms=tmo))}
                    if len(vals) > 1:
                        name = "epoll_wait" if api == "epoll" else "poll"
                        self.row(f"ready_{api}_t{tmo}_{n}", "readiness",
                                 f"{name}, {n} idle + 1 ready, timeout {tmo} ms",
                                 f"{name}, {n} idle, timeout {tmo} ms", "ns/call", "lower",
                                 vals, det)

        self.build_tcp()

    def med_row(self, rid, group, label, short, unit, better, key, runs_of, extra=()):
        """A row whose value on each target is the median run of runs_of(t)."""
        vals, det = {}, {}
        for t in TARGETS:
            runs = runs_of(t)
            m = median_rec(runs, key)
            if m:
                vals[t] = m[key]
                det[t] = {"runs": len(runs), "all": sorted(r[key] for r in runs)}
                for k in extra:
                    if k in m:
                        det[t][k] = m[k]
        if len(vals) > 1:
            self.row(rid, group, label, short, unit, better, vals, det)

    def build_tcp(self):
        R = self.recs
        self.med_row("tcp_recv", "tcp", "TCP receive, one connection, 64 KiB writes (sink measured)",
                     "TCP receive", "MB/s", "higher", "mb_per_s",
                     lambda t: select(R, kind="tput", server_target=t, client_target="native",
                                      role="server"))
        self.med_row("tcp_send", "tcp", "TCP send, one connection, 64 KiB writes (to a native sink)",
                     "TCP send", "MB/s", "higher", "mb_per_s",
                     lambda t: select(R, kind="tput", server_target="native", client_target=t,
                                      role="server"))
        for who, st in (("client", lambda t: "native"), ("both", lambda t: t)):
            for q, ql in (("median_us", "median"), ("p99_us", "p99")):
                what = "comp. <-> native" if who == "client" else "comp. <-> comp."
                self.med_row(f"tcp_rr_{who}_{ql}", "tcp",
                             f"TCP 64 B request/response, {what}, same CPU, {ql}",
                             f"TCP RTT {what}, {ql}", "us", "lower", q,
                             lambda t, st=st: select(R, kind="rr", server_target=st(t),
                                                     client_target=t, role="client"))
        self.med_row("tcp_cps", "tcp", "TCP connect + accept + close (one process)",
                     "TCP connections", "conn/s", "higher", "conns_per_s",
                     lambda t: select(R, bench="tcp_cps", target=t))
        for tmo in (0, 100):
            for n in (1, 1000):
                vals, det = {}, {}
                for t in TARGETS:
                    runs = select(R, bench="tcp_idle", target=t, idle=n, timeout_ms=tmo)
                    if runs:
                        vals[t] = min(r["ns_per_call"] for r in runs)
                        det[t] = {"all": sorted(r["ns_per_call"] for r in runs)}
                if len(vals) > 1:
                    self.row(f"tcp_idle_t{tmo}_{n}", "tcp",
                             f"TCP epoll_wait, {n} idle conn. + 1 ready, timeout {tmo} ms",
                             f"TCP epoll_wait, {n} idle, {tmo} ms", "ns/call", "lower", vals, det)

    def best_ready(self, t, api, n, tmo):
        runs = select(self.recs, bench="readiness", target=t, api=api, idle=n, timeout_ms=tmo)
        return min(runs, key=lambda r: r["ns_per_call"]) if runs else None

    # --- costs ------------------------------------------------------------
    def cost(self, label, per, recs_by_target, calls, allocs, extra=()):
        vals = {}
        for t, rec in recs_by_target.items():
            if rec and calls in rec:
                v = {"host_calls": rec[calls], "allocs": rec.get(allocs)}
                for k in extra:
                    if k in rec:
                        v[k] = rec[k]
                vals[t] = v
        if vals:
            self.costs.append({"label": label, "per": per, "values": vals})

    def build_costs(self):
        R = self.recs
        for variant, who in (("client", "native server"), ("both", "component server")):
            c = {t: median_rec(select(R, variant=variant, role="client", target=t,
                                      placement="same"), "median_us")
                 for t in ("wasmtime", "jco", "floor")}
            self.cost(f"RTT client send (vs {who})", "datagram sent", c, "tx_host_calls",
                      "tx_allocs")
            self.cost(f"RTT client blocking recv (vs {who})", "datagram received", c,
                      "rx_host_calls", "rx_allocs", ("rx_waits",))
        s = {t: (select(R, variant="both", role="server", target=t, placement="same")
                 or [None])[-1] for t in ("wasmtime", "jco", "floor")}
        self.cost("RTT server poll + recvfrom", "datagram received", s, "rx_host_calls",
                  "rx_allocs")
        self.cost("RTT server sendto", "datagram sent", s, "tx_host_calls", "tx_allocs")
        for size in (64, 1400):
            for api in ("poll", "epoll"):
                c = {t: median_rec(select(R, measured="receiver", role="receiver", target=t,
                                          api="floor" if t == "floor" else api, size=size),
                                   "dgrams_per_s")
                     for t in ("wasmtime", "jco", "floor")}
                self.cost(f"throughput receiver, {size} B, {api} + recv until EAGAIN",
                          "datagram received", c, "rx_host_calls", "rx_allocs",
                          ("rx_waits", "rx_yields", "per_wakeup"))
        for size in (64, 1400):
            c = {t: median_rec(select(R, measured="sender", role="sender", target=t, size=size),
                               "dgrams_per_s") for t in ("wasmtime", "jco", "floor")}
            self.cost(f"throughput sender, {size} B, blocking sendto", "datagram sent", c,
                      "tx_host_calls", "tx_allocs", ("tx_waits",))
        tc = {t: median_rec(select(R, kind="tput", server_target=t, client_target="native",
                                   role="server", target=t), "mb_per_s") for t in ("wasmtime",)}
        self.cost("TCP sink read (64 KiB buffer)", "read", tc, "rd_host_calls", "rd_allocs")
        tc = {t: median_rec(select(R, kind="tput", server_target="native", client_target=t,
                                   role="client", target=t), "mb_per_s") for t in ("wasmtime",)}
        self.cost("TCP stream write (64 KiB)", "write", tc, "wr_host_calls", "wr_allocs")
        tc = {t: median_rec(select(R, kind="rr", server_target="native", client_target=t,
                                   role="client"), "median_us") for t in ("wasmtime",)}
        self.cost("TCP request/response (vs native server)", "round trip", tc, "host_calls",
                  "allocs")
        tc = {t: median_rec(select(R, bench="tcp_cps", target=t), "conns_per_s")
              for t in ("wasmtime",)}
        self.cost("TCP connect + accept + close", "connection", tc, "host_calls", "allocs")
        for n in (1, 1000):
            tc = {t: min(select(R, bench="tcp_idle", target=t, idle=n, timeout_ms=0),
                         key=lambda r: r["ns_per_call"], default=None) for t in ("wasmtime",)}
            self.cost(f"TCP epoll_wait, {n} idle conn. + 1 ready, timeout 0", "call", tc,
                      "host_calls", "allocs")
        for api in ("poll", "epoll"):
            for tmo in (0, 100):
                c = {t: self.best_ready(t, api, 1024, tmo) for t in ("wasmtime", "jco")}
                name = "epoll_wait" if api == "epoll" else "poll"
                self.cost(f"{name}, 1024 idle + 1 ready, timeout {tmo} ms", "call", c,
                          "host_calls", "allocs")

    # --- goals (Wasmtime) -------------------------------------------------
    def goal(self, text, value, met, detail=""):
        self.goals.append({"goal": text, "value": value, "met": met, "detail": detail})

    def build_goals(self):
        byid = {r["id"]: r for r in self.rows}
        for placement, plabel in (("same", "same CPU"), ("split", "2 CPUs")):
            for variant, what in (("client", "component client <-> native server"),
                                  ("both", "both components")):
                r = byid.get(f"rtt_{placement}_{variant}_median")
                x = r and r["ratio"].get("wasmtime")
                if x is not None:
                    self.goal(f"Wasmtime RTT median <= 1.5x native ({what}, {plabel})",
                              round(x, 3), x <= 1.5, f"{r['values']['wasmtime']:.1f} us vs "
                              f"{r['values']['native']:.1f} us")
        for size in (64, 1400):
            for api in ("poll", "epoll"):
                r = byid.get(f"tput_recv_{api}_{size}")
                x = r and r["ratio"].get("wasmtime")
                if x is not None:
                    self.goal(f"Wasmtime receive throughput >= 0.6x native ({size} B, {api})",
                              round(x, 3), x >= 0.6,
                              f"{r['values']['wasmtime']:.0f} vs {r['values']['native']:.0f} "
                              "dgram/s")
        for size in (64, 1400):
            for api in ("poll", "epoll"):
                rec = median_rec(select(self.recs, measured="receiver", role="receiver",
                                        target="wasmtime", api=api, size=size), "dgrams_per_s")
                if rec and "rx_host_calls" in rec:
                    c, a = rec["rx_host_calls"], rec["rx_allocs"]
                    self.goal("Wasmtime steady-state receive: 0 allocs and <= 2 host calls "
                              f"per datagram ({size} B, {api})",
                              {"host_calls": c, "allocs": a}, c <= 2 and a == 0,
                              f"{c:.3f} host calls, {a:.3f} allocs per datagram")
        for rid, what in (("tcp_recv", "receive"), ("tcp_send", "send")):
            r = byid.get(rid)
            x = r and r["ratio"].get("wasmtime")
            if x is not None:
                self.goal(f"Wasmtime TCP {what} throughput >= 0.7x native", round(x, 3), x >= 0.7,
                          f"{r['values']['wasmtime']:.0f} vs {r['values']['native']:.0f} MB/s")
        for who in ("client", "both"):
            r = byid.get(f"tcp_rr_{who}_median")
            x = r and r["ratio"].get("wasmtime")
            if x is not None:
                self.goal(f"Wasmtime TCP round trip median <= 1.5x native ({r['short']})",
                          round(x, 3), x <= 1.5,
                          f"{r['values']['wasmtime']:.1f} us vs {r['values']['native']:.1f} us")
        for tmo in (0, 100):
            one, big = byid.get(f"tcp_idle_t{tmo}_1"), byid.get(f"tcp_idle_t{tmo}_1000")
            if one and big and "wasmtime" in one["values"] and "wasmtime" in big["values"]:
                a, b = one["values"]["wasmtime"], big["values"]["wasmtime"]
                self.goal(f"Wasmtime TCP epoll_wait, 1000 idle connections <= 1.2x 1 idle "
                          f"(timeout {tmo} ms)", round(b / a, 3), b <= 1.2 * a,
                          f"{b:.1f} ns vs {a:.1f} ns per call")
        # Against the floor (goal: within 1.1x) and wasi-libc, the same host.
        for r in self.rows:
            if r["group"] not in ("rtt", "throughput", "tcp") or r["id"].endswith("_p99"):
                continue
            for t, name in (("floor", "the floor"), ("wasilibc", "wasi-libc")):
                x = r["vs"].get(t)
                if x is None:
                    continue
                slow = x if r["better"] == "lower" else 1 / x
                if t == "floor":
                    self.goal(f"Wasmtime {r['short']}: p3net within 1.1x of {name}",
                              round(slow, 3), slow <= 1.1,
                              f"{fmt(r['values']['wasmtime'], r['unit'])} vs "
                              f"{fmt(r['values'][t], r['unit'])} {r['unit']}")
                else:
                    self.goal(f"Wasmtime {r['short']}: p3net ahead of {name}", round(slow, 3),
                              slow < 1.0, f"{fmt(r['values']['wasmtime'], r['unit'])} vs "
                              f"{fmt(r['values'][t], r['unit'])} {r['unit']}")
        for tmo in (100, 0):
            one = byid.get(f"ready_epoll_t{tmo}_1")
            big = byid.get(f"ready_epoll_t{tmo}_1024")
            if one and big and "wasmtime" in one["values"] and "wasmtime" in big["values"]:
                a, b = one["values"]["wasmtime"], big["values"]["wasmtime"]
                self.goal(f"Wasmtime epoll_wait, 1024 idle sockets <= 1.2x 1 idle socket "
                          f"(timeout {tmo} ms)", round(b / a, 3), b <= 1.2 * a,
                          f"{b:.1f} ns vs {a:.1f} ns per call")


# --- text output -------------------------------------------------------------
def fmt(v, unit=None):
    if v is None:
        return "-"
    if unit == "dgram/s" or (isinstance(v, (int, float)) and abs(v) >= 10000):
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def fmt_ratio(x):
    if x is None:
        return "-"
    return f"{x:.2f}x" if x < 100 else f"{x:.0f}x"


def print_text(rep, meta):
    out = sys.stdout
    w = 66
    out.write("p3net benchmarks -- each p3net figure next to native from this run\n")
    out.write(f"machine: {meta.get('cpus', '?')} x {meta.get('cpu', '?')}, kernel "
              f"{meta.get('kernel', '?')}; wasmtime {meta.get('wasmtime', '?')}, jco "
              f"{meta.get('jco', '?')} / preview3-shim {meta.get('preview3_shim', '?')}, node "
              f"{meta.get('node', '?')}\n")
    out.write(f"load average (1, 5, 15 min) at start: {meta.get('loadavg_start', '?')}, at end: "
              f"{meta.get('loadavg_end', '?')} -- anything else running skews the figures\n")
    out.write(f"note: {JCO_NOTE}\n")
    out.write(f"wasi-libc: {meta.get('wasi_libc_commit', 'none')} (clang "
              f"{meta.get('clang_wasi_libc', '?')}, wasm-component-ld "
              f"{meta.get('wasm_component_ld', '?')}), run on Wasmtime; floor: bench/floor.c "
              "(only the unavoidable host calls) on Wasmtime\n")
    if meta.get("wasi_libc_commit", "none") == "none":
        out.write("wasi-libc column skipped: WASI_LIBC_SRC was not given\n")
    out.write("p3net = p3net on Wasmtime. x nat: a figure divided by native's; /wlibc and /floor: "
              "p3net's figure divided by wasi-libc's and the floor's (for dgram/s higher is "
              "better, for us and ns lower is better); n/a: wasi-libc has no epoll\n")
    group = None
    for r in rep.rows:
        if r["group"] != group:
            group = r["group"]
            out.write("\n")
            out.write(f"{'[' + group + ']':<{w}} {'unit':>8} {'native':>10} {'p3net':>10} "
                      f"{'x nat':>6} {'wasi-libc':>10} {'x nat':>6} {'floor':>10} {'x nat':>6} "
                      f"{'/wlibc':>6} {'/floor':>6} {'jco':>10} {'x nat':>6}\n")
        v, x, vs = r["values"], r["ratio"], r["vs"]
        u = r["unit"]
        na = "n/a" if "epoll" in r["label"] and "wasilibc" not in v else "-"
        out.write(f"{r['label']:<{w}} {u:>8} {fmt(v.get('native'), u):>10} "
                  f"{fmt(v.get('wasmtime'), u):>10} {fmt_ratio(x.get('wasmtime')):>6} "
                  f"{fmt(v.get('wasilibc'), u) if 'wasilibc' in v else na:>10} "
                  f"{fmt_ratio(x.get('wasilibc')):>6} {fmt(v.get('floor'), u):>10} "
                  f"{fmt_ratio(x.get('floor')):>6} "
                  f"{fmt_ratio(vs.get('wasilibc')) if 'wasilibc' in v else na:>6} "
                  f"{fmt_ratio(vs.get('floor')):>6} {fmt(v.get('jco'), u):>10} "
                  f"{fmt_ratio(x.get('jco')):>6}\n")
        if r["group"] == "throughput" and r["id"].startswith("tput_recv"):
            parts = []
            for t in TARGETS:
                d = r["detail"].get(t)
                if d and d.get("sent") is not None:
                    cap = ", receiver hit its time cap" if d.get("stop") == "max-time" else ""
                    parts.append(f"{t} {d['mb_per_s']:.1f} MB/s, lost {d['lost']:,} of "
                                 f"{d['sent']:,} ({d['loss_pct']:.1f}%{cap})")
            if parts:
                out.write(f"    {'; '.join(parts)}\n")
        if r["group"] == "throughput":
            parts = [f"{t} " + "/".join(fmt(v, r["unit"]) for v in r["detail"][t]["all"])
                     for t in TARGETS if len(r["detail"].get(t, {}).get("all", [])) > 1]
            if parts:
                out.write(f"    median of: {'; '.join(parts)}\n")
        if r["group"] == "rtt":
            parts = []
            for t in TARGETS:
                d = r["detail"].get(t)
                if d:
                    runs = "/".join(fmt(v) for v in d["all"])
                    parts.append(f"{t} {d['rounds']} x {d['runs']} runs ({runs}), {d['lost']} lost")
            out.write(f"    {'; '.join(parts)}\n")

    out.write("\n[host calls and allocations per operation, components only]\n")
    out.write(f"{'operation':<{w}} {'per':>18} {'wasmtime':>16} {'floor':>16} {'jco':>16}\n")
    for c in rep.costs:
        cells = []
        for t in ("wasmtime", "floor", "jco"):
            v = c["values"].get(t)
            if v:
                a = v.get("allocs")
                cells.append(f"{v['host_calls']:.2f} c {a if a is None else round(a, 2)} a")
            else:
                cells.append("-")
        out.write(f"{c['label']:<{w}} {c['per']:>18} {cells[0]:>16} {cells[1]:>16} "
                  f"{cells[2]:>16}\n")
    out.write("(c: host calls, a: allocations; RTT and readiness counts exclude the "
              "benchmark's own clock reads)\n")
    hc = median_rec(select(rep.recs, bench="host_calls", target="floor"), "clock_now_ns")
    if hc:
        out.write("\n[what one host call costs on Wasmtime (bench/floor.c calls, median run)]\n")
        out.write(f"monotonic-clock.now {hc['clock_now_ns']:.0f} ns; thread.yield "
                  f"{hc['yield_ns']:.0f} ns; empty waitable-set.poll {hc['set_poll_ns']:.0f} ns; "
                  "a receive that only starts, joined, left, cancelled and dropped "
                  f"{hc['receive_join_leave_cancel_drop_ns']:.0f} ns\n")

    out.write("\n[goals on Wasmtime -- targets to report against, not assertions]\n")
    for g in rep.goals:
        mark = "met    " if g["met"] else "NOT MET"
        v = g["value"]
        vs = f"{v}x" if isinstance(v, float) else ""
        out.write(f"goal: {g['goal']}: {mark} {vs} ({g['detail']})\n")
    met = sum(g["met"] for g in rep.goals)
    out.write(f"{met} of {len(rep.goals)} goals met\n")


# --- SVG ---------------------------------------------------------------------
def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slowdown(r, t):
    x = r["ratio"].get(t)
    if x is None or x <= 0:
        return None
    return x if r["better"] == "lower" else 1 / x


def write_svg(rep, path, meta):
    rows = rep.rows
    series = (("wasmtime", "#1f77b4"), ("wasilibc", "#2ca02c"), ("floor", "#7f7f7f"),
              ("jco", "#ff7f0e"))
    vals = [slowdown(r, t) for r in rows for t, _ in series]
    vals = [v for v in vals if v] + [1.0]
    lo = 10 ** math.floor(math.log10(min(vals)))
    hi = 10 ** math.ceil(math.log10(max(vals)))
    if hi / lo < 100:
        hi = lo * 100
    left, plot_w, right = 300, 600, 50
    top, row_h, bottom = 78, 48, 50
    height = top + row_h * len(rows) + bottom
    width = left + plot_w + right

    def x(v):
        return left + plot_w * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    goal_of = {}
    for r in rows:
        if r["id"].startswith("rtt_") and r["id"].endswith("median"):
            goal_of[r["id"]] = 1.5
        elif r["id"].startswith("tput_recv"):
            goal_of[r["id"]] = 1 / 0.6
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'font-family="sans-serif" font-size="12">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">'
         'p3net, wasi-libc and the host floor vs native: slowdown (log scale; left of 1 = '
         'faster than native)</text>',
         f'<text x="{width / 2}" y="42" text-anchor="middle" fill="#555">'
         f'{esc(meta.get("cpus", "?") + " x " + meta.get("cpu", "?"))}; wasmtime '
         f'{esc(meta.get("wasmtime", "?"))}, jco {esc(meta.get("jco", "?"))}. Time: p3net/native;'
         ' rates: native/p3net. Red ticks: Wasmtime goals.</text>']
    lx = left
    for t, col in series:
        name = NAMES[t] + (" (Wasmtime)" if t != "jco" else "")
        o.append(f'<rect x="{lx}" y="52" width="14" height="12" fill="{col}"/>'
                 f'<text x="{lx + 20}" y="62">{esc(name)}</text>')
        lx += 150
    # decade grid
    d = lo
    while d <= hi * 1.0001:
        xx = x(d)
        o.append(f'<line x1="{xx:.1f}" y1="{top - 6}" x2="{xx:.1f}" '
                 f'y2="{top + row_h * len(rows)}" stroke="{"#000" if d == 1 else "#ddd"}"/>')
        label = f"{d:g}x"
        o.append(f'<text x="{xx:.1f}" y="{top + row_h * len(rows) + 18}" '
                 f'text-anchor="middle">{label}</text>')
        d *= 10
    group = None
    for i, r in enumerate(rows):
        y0 = top + i * row_h
        if r["group"] != group:
            group = r["group"]
            o.append(f'<line x1="10" y1="{y0}" x2="{width - 10}" y2="{y0}" stroke="#888"/>')
        if i % 2:
            o.append(f'<rect x="10" y="{y0}" width="{width - 20}" height="{row_h}" '
                     'fill="#000" fill-opacity="0.03"/>')
        o.append(f'<text x="{left - 8}" y="{y0 + row_h / 2 + 4}" text-anchor="end">'
                 f'{esc(r["short"])}</text>')
        for k, (t, col) in enumerate(series):
            v = slowdown(r, t)
            if v is None:
                continue
            by = y0 + 4 + k * 11
            x1, x2 = sorted((x(1), x(v)))
            o.append(f'<rect x="{x1:.1f}" y="{by}" width="{max(x2 - x1, 1):.1f}" height="10" '
                     f'fill="{col}"/>')
            tx = x(v) + (4 if v >= 1 else -4)
            label = f"{v:.0f}" if v >= 10 else f"{v:.2g}"
            o.append(f'<text x="{tx:.1f}" y="{by + 9}" font-size="10" '
                     f'text-anchor="{"start" if v >= 1 else "end"}">{label}</text>')
        g = goal_of.get(r["id"])
        if g:
            o.append(f'<line x1="{x(g):.1f}" y1="{y0 + 1}" x2="{x(g):.1f}" y2="{y0 + row_h - 1}" '
                     'stroke="red" stroke-width="1.5" stroke-dasharray="3,2"/>')
    o.append(f'<text x="{left + plot_w / 2}" y="{height - 10}" text-anchor="middle" '
             'fill="#555">slowdown vs native (1x = parity)</text>')
    o.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--svg", required=True)
    ap.add_argument("--meta", action="append", default=[], help="key=value")
    a = ap.parse_args()
    meta = dict(m.split("=", 1) for m in a.meta if "=" in m)
    recs = parse(a.raw)
    rep = Report(recs)
    rep.build()
    rep.build_costs()
    rep.build_goals()
    print_text(rep, meta)
    doc = {
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "meta": meta,
        "notes": [JCO_NOTE,
                  "ratio = p3net / native; for dgram/s higher is better, for us and ns lower.",
                  "Throughput: a native sender blasts for tput_ms; the receiver is measured; "
                  "figures are the median of reps runs (jco: one run). Loss = sent - received."],
        "comparisons": rep.rows,
        "costs": rep.costs,
        "goals": rep.goals,
        "runs": recs,
    }
    with open(a.json, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    write_svg(rep, a.svg, meta)
    print(f"\nwrote {a.json} and {a.svg}")


if __name__ == "__main__":
    main()
