"""Scheduled jobs: declared once in `schedules.jobs`, run by APScheduler or by a virtual clock."""
