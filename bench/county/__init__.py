"""County-size benchmarks: a generated county's rosters, their import, the visit-reminder plan, the bot's memory."""
