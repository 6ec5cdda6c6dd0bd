"""The county's dimensions, all in one place; `scale` shrinks the number of villages, not a village.

A village keeps its real size at every scale (about 100 Party members and 1,000 households), so a
small run in the test suite exercises the same per-village rosters the full run imports 300 of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TODAY = date(2026, 3, 1)
"""The import's `today` (who is 70 or older) and the month of the reminder plan."""


@dataclass(frozen=True)
class Shape:
    townships: int = 20
    villages: int = 300
    members_per_village: int = 100
    """Everyone on the 党员 sheet: the secretary, the hubs and the members."""
    hubs_per_village: int = 10
    cadres_per_township: int = 3
    """乡镇干部, listed on the 党员 sheet of every village of their township."""
    households_min: int = 5
    households_max: int = 20
    """Households per member, drawn from a skewed distribution with a mean near 10."""
    focus_share: float = 0.1
    exempt_share: float = 0.05
    """Members aged 70 or more: exempt from liaison duty, so never reminded."""
    shared_representative_share: float = 0.03
    """Households whose 代表 is the head of another household (one person speaking for two)."""
    visited_share: float = 0.4
    """Households already visited this month when the reminder plan is computed."""
    change_share: float = 0.01
    """The re-import: this share of households and of members changed."""

    @classmethod
    def at(cls, scale: float) -> Shape:
        full = cls()
        return cls(townships=max(1, round(full.townships * scale)), villages=max(1, round(full.villages * scale)))
