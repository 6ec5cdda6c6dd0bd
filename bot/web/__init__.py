"""The secretaries' read-only web console: aiohttp serving server-rendered Jinja2 pages."""
