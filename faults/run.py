"""Run the fault scenarios against a throwaway stack; print the table; exit 1 on any loss.

    make faults                                   # 1,000 applications per scenario
    make faults FAULTS_ARGS="--short"             # the CI form: 150, short outages
    .venv/bin/python -m faults --help

Exit codes: 0 every scenario passed; 1 one lost, doubled or refused what it must not;
2 the stack could not be started.
"""

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from .loads import LOADS
from .scenarios import SCENARIOS, Result, Run
from .stack import ROOT, Settings, Stack, StackError, tail

RESULTS_DIR = ROOT / "faults" / "results"
FULL = {"applications": 1000, "rate": 25.0, "outage": 30.0, "claim": 120, "sweep": 60.0}
SHORT = {"applications": 150, "rate": 20.0, "outage": 8.0, "claim": 65, "sweep": 5.0}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help=f"the CI form: {SHORT}")
    parser.add_argument("--applications", type=int, help="units of work per scenario (1000)")
    parser.add_argument("--rate", type=float, help="units started per second (25)")
    parser.add_argument("--outage", type=float, help="seconds Redis stays down (30)")
    parser.add_argument(
        "--claim", type=int, help="OUTBOX_CLAIM_SECONDS for the portal (120, production's)"
    )
    parser.add_argument(
        "--sweep", type=float, help="OUTBOX_SWEEP_SECONDS for the portal (60, production's)"
    )
    parser.add_argument(
        "--mail-delay", type=float, default=0.25, help="seconds the mail server takes (0.25)"
    )
    parser.add_argument("--clients", type=int, default=8, help="simultaneous clients (8)")
    parser.add_argument("--load", choices=sorted(LOADS), default="applications")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help=f"({','.join(SCENARIOS)})")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and logs")
    parser.add_argument("--json", action="store_true", help="write faults/results/<time>.json")
    args = parser.parse_args(argv)
    preset = SHORT if args.short else FULL
    for key, value in preset.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.scenarios = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if min(args.applications, args.rate, args.clients) <= 0:
        parser.error("--applications, --rate and --clients must be positive")
    return args


def log(message: str) -> None:
    print(f"[faults {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def setup_django(stack: Stack) -> None:
    os.environ.update(stack.environment())
    os.environ["LOG_LEVEL"] = "WARNING"  # the table is the output; the services log to files
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def row(result: Result) -> dict:
    tally = result.tally
    return {
        "scenario": result.name,
        "accepted": tally.accepted,
        "refused": ", ".join(f"{s}: {n}" for s, n in sorted(tally.refused.items())) or "0",
        "rows": tally.rows,
        "outbox": ", ".join(f"{s} {n}" for s, n in sorted(tally.outbox.items())) or "-",
        "mails": f"{tally.mails} ({tally.copies})",
        "per recipient": ", ".join(f"{k}x: {v}" for k, v in tally.per_recipient.items()) or "-",
        "lost": tally.lost,
        "dup": tally.duplicated,
        "resent": tally.resent,
        "2 links": tally.two_live_links,
        "p95 ms": _ms(result.p95()),
        "p95 fault ms": _ms(result.p95(during_fault=True)),
        "recovery s": "-" if result.settled_after is None else f"{result.settled_after:.0f}",
        "result": "PASS" if result.passed else "FAIL",
    }


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def print_table(results: list[Result]) -> None:
    rows = [row(result) for result in results]
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    print()
    print(" | ".join(c.ljust(widths[c]) for c in columns))
    print("-+-".join("-" * widths[c] for c in columns))
    for r in rows:
        print(" | ".join(str(r[c]).ljust(widths[c]) for c in columns))
    print()
    for result in results:
        for note in result.tally.notes:
            print(f"  {result.name}: {note}")
        for problem in result.problems:
            print(f"  {result.name}: FAIL: {problem}")
    print(
        "\nmails: distinct messages delivered (deliveries); per recipient: how many people got "
        "1x, 2x... mail; lost: accepted but not stored, or a mail due that never arrived; dup: "
        "stored twice, or a second mail for one thing; resent: a mail delivered again with its "
        "Message-ID (a receiving server drops it; allowed only for sends a kill interrupted); "
        "2 links: people "
        "holding two live sign-in links; p95 fault: answers started during the fault; "
        "recovery: from the fault's end until every mail due had arrived."
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="csa-faults-"))
    os.chmod(scratch, 0o755)  # noqa: S103 (the PostgreSQL user must reach its folder inside)
    settings = Settings(
        claim_seconds=args.claim, sweep_seconds=args.sweep, mail_delay=args.mail_delay
    )
    stack = Stack(scratch, settings)
    results: list[Result] = []
    started = time.monotonic()
    try:
        log(f"scratch folder {scratch}")
        stack.start(log)
        setup_django(stack)
        load = LOADS[args.load]()
        load.prepare(port=stack.web_port)
        clients = [load.client(port=stack.web_port) for _ in range(args.clients)]
        run = Run(
            stack=stack,
            load=load,
            clients=clients,
            count=args.applications,
            rate=args.rate,
            outage=args.outage,
            settle_timeout=args.claim + 3 * args.sweep + 120,
            tag=f"f{secrets.token_hex(3)}",
            log=log,
        )
        log(
            f"load {load.name}: {args.applications} per scenario at {args.rate:g}/s from "
            f"{args.clients} clients; claim {args.claim} s, sweep every {args.sweep:g} s, mail "
            f"server {args.mail_delay:g} s a message"
        )
        for name in args.scenarios:
            log(f"scenario {name}")
            result = SCENARIOS[name](run)
            results.append(result)
            summary = row(result)
            log(
                f"{name}: {summary['result']}; accepted {summary['accepted']}, refused "
                f"{summary['refused']}, lost {summary['lost']}, dup {summary['dup']}, recovery "
                f"{summary['recovery s']} s"
            )
    except StackError as error:
        print(f"faults: the stack could not run: {error}", file=sys.stderr)
        return 2
    finally:
        stack.stop()
        if any(not r.passed for r in results) or args.keep:
            for name in ("web", "worker", "beat"):
                print(f"--- {name}.log (last lines)\n{tail(scratch / f'{name}.log', 15)}")
        if args.keep:
            log(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
        leftover = [t for t in threading.enumerate() if t is not threading.main_thread()]
        if leftover:
            log(f"{len(leftover)} client threads still open")
    print_table(results)
    if args.json:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"faults-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
        path.write_text(
            json.dumps(
                {
                    "config": vars(args),
                    "seconds": round(time.monotonic() - started),
                    "results": [row(r) | {"notes": r.tally.notes, "problems": r.problems}
                                for r in results],
                },
                indent=2,
            )
            + "\n"
        )  # fmt: skip
        log(f"results written to {path.relative_to(ROOT)}")
    passed = sum(r.passed for r in results)
    # The plain closing line CI reads.
    print(f"faults: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1
