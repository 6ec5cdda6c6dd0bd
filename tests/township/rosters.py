"""The township test rosters."""

from pathlib import Path

DONGFENG = Path(__file__).parents[1] / "replays" / "township" / "dongfeng"
"""东风村党支部 of 青山镇 (the demo village's township), with the 乡镇干部 何建平 (微信昵称 何干部)."""
