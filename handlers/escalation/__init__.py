"""The escalation ladder: member → hub (党员中心户) → village Party organisation → township.

`ladder` says whose clock runs and when it runs out, `staff` who stands at each level,
`records` climbs a record whose clock ran out, `tasks` chases a must-visit task, `sweep` does
both for all that fell due, `deadlines` finds it and tells the virtual clock when the next falls.
"""
