"""Where the bench is, for the benchmarks: they run from anywhere.

Frappe's logger opens ``../logs`` relative to the working folder, so a benchmark works in the
bench's ``sites`` folder whatever folder it was started from.
"""

import os
import sys
from pathlib import Path


def find_bench(arg: str | None = None) -> Path:
    """The frappe-bench folder: ``arg``, the bench this file is in, the working folder (or its parent)."""
    candidates = [Path(arg)] if arg else []
    here = Path(__file__).resolve()
    candidates += [here.parents[3], Path.cwd(), Path.cwd().parent, Path("/home/frappe/frappe-bench")]
    for c in candidates:
        if (c / "sites" / "apps.txt").exists() and (c / "env" / "bin" / "python").exists():
            return c.resolve()
    sys.exit("no frappe-bench found: pass --bench (the folder with sites/ and env/)")


def enter_sites(bench_arg: str | None = None, sites_arg: str | None = None) -> Path:
    """chdir to the bench's sites folder (``sites_arg`` wins) and return the bench folder."""
    if sites_arg:
        sites = Path(sites_arg).resolve()
        bench = sites.parent
    else:
        bench = find_bench(bench_arg)
        sites = bench / "sites"
    os.chdir(sites)
    return bench
