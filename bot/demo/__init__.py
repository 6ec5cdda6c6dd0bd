"""The demo village `make run` starts with: 幸福村党总支 in 青山镇, as a folder of CSV files."""

from pathlib import Path

DEMO_ROSTER: Path = Path(__file__).parent / "roster"
