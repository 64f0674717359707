"""How much memory checking and reading a Word resume costs, largest first.

Each case runs in a fresh Python process, so one case's allocations never flatter the next:
the peak resident set (``ru_maxrss``) is measured before and after the call, and the peak of
Python allocations with ``tracemalloc``. The files come from tests/applicants/documents.py:
a 4.3 MB .docx holding 51 MB of XML (the one a security review used to push a web worker to
about 500 MB) and one holding 9 MB, just under the cap.

    .venv/bin/python bench/resume_memory.py
    .venv/bin/python bench/resume_memory.py --resumes-from old_resumes.py   # a before figure

Results go in docs/performance.md ("Resume checks").
"""

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "check, 51 MB of XML": ("check_resume", 51_000_000),
    "check, 9 MB of XML": ("check_resume", 9 * 1024 * 1024),
    "text, 9 MB of XML": ("extract_text", 9 * 1024 * 1024),
}


def measure(function: str, xml_bytes: int, resumes_from: str | None) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.applicants.documents import docx_with_xml_bytes

    if resumes_from:
        spec = importlib.util.spec_from_file_location("resumes_under_test", resumes_from)
        resumes = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(resumes)
    else:
        from applicants import resumes
    data = docx_with_xml_bytes(xml_bytes)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        if function == "check_resume":
            resumes.check_resume(data)
        else:
            resumes.extract_text(data, resumes.ResumeKind.DOCX)
        outcome = "accepted"
    except resumes.ResumeRejected as rejected:
        outcome = f"refused ({rejected.code})"
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "file_mb": round(len(data) / 1_048_576, 1),
        "outcome": outcome,
        "seconds": round(seconds, 2),
        "rss_growth_mb": round((after - before) / 1024, 1),
        "python_peak_mb": round(peak / 1_048_576, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resumes-from", help="a copy of applicants/resumes.py to measure")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        function, size = CASES[args.case]
        print(json.dumps(measure(function, size, args.resumes_from)))
        return
    header = ("case", "file", "outcome", "time", "RSS growth", "Python peak")
    print("{:<22} {:>7} {:<22} {:>7} {:>11} {:>12}".format(*header))
    for case in CASES:
        command = [sys.executable, __file__, "--case", case]
        if args.resumes_from:
            command += ["--resumes-from", args.resumes_from]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout)
        print(
            f"{case:<22} {result['file_mb']:>5} MB {result['outcome']:<22} "
            f"{result['seconds']:>5} s {result['rss_growth_mb']:>8} MB "
            f"{result['python_peak_mb']:>9} MB"
        )


if __name__ == "__main__":
    main()
