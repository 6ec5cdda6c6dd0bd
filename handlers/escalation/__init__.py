"""The escalation ladder: member → hub (党员中心户) → village Party organisation → township.

`ladder` says whose clock runs and when it runs out, `staff` who stands at each level,
`records` climbs records whose clock ran out, `tasks` chases must-visit tasks, `deadlines`
finds what fell due for the sweep and tells the virtual clock when the next one falls.
"""
