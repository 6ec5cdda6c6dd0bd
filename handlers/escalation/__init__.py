"""The escalation ladder: member → hub (党员中心户) → village Party organisation → township.

`ladder` says who stands at each level, `records` climbs records whose clock ran out,
`tasks` chases must-visit tasks, `deadlines` tells the virtual clock when the next one falls.
"""
