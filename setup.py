"""Moeen Helpdesk: Frappe Helpdesk for a university deanship of e-transactions."""

import re
from pathlib import Path

from setuptools import find_packages, setup

here = Path(__file__).parent
version = re.search(
    r'^__version__\s*=\s*"([^"]+)"', (here / "moeen_helpdesk" / "__init__.py").read_text(), re.M
).group(1)

setup(
    name="moeen_helpdesk",
    version=version,
    description="Moeen: the support platform of a university deanship of e-transactions, on Frappe Helpdesk",
    long_description=(here / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    author="Moeen Helpdesk developers",
    license="AGPL-3.0-only",
    python_requires=">=3.10",
    packages=find_packages(exclude=("tests", "tests.*", "benchmarks", "benchmarks.*")),
    include_package_data=True,
    zip_safe=False,
    # frappe and helpdesk are apps of the bench (bench get-app), not PyPI packages.
    install_requires=[
        "hijridate>=2.5,<3",
    ],
    extras_require={
        "test": ["pytest>=8", "hypothesis>=6.100", "ruff==0.8.4"],  # ruff: the pin of .pre-commit-config.yaml
    },
)
