"""Every scheduled job, registered in code with a stable id.

| id                      | trigger (Asia/Shanghai)                        | grace |
|-------------------------|------------------------------------------------|-------|
| escalation-sweep        | every minute (virtual clock: next deadline)    | 1 h   |
| rating-sweep            | every minute (virtual: next reminder or close) | 12 h  |
| township-handoff        | every 5 minutes (virtual: next retry)          | 1 h   |
| theme-day               | every minute (virtual: next reminder/digest)   | 6 h   |
| overdue-digest          | daily, overdue_digest_time (08:30)             | 12 h  |
| visit-reminder-first    | monthly, visit_reminder_day (1st) 09:00        | 48 h  |
| visit-reminder-second   | monthly, visit_second_reminder_day (20th) 09:00| 48 h  |
| visit-coverage-summary  | last day of the month, 20:00                   | 12 h  |
| monthly-report          | the 1st, 08:00                                 | 48 h  |
| quarterly-report        | 1 Jan, 1 Apr, 1 Jul, 1 Oct, 08:00              | 48 h  |
"""

from __future__ import annotations

from schedules.jobs import (
    coverage_summary,
    escalation,
    monthly_report,
    overdue_digest,
    quarterly_report,
    rating,
    theme_day,
    township_handoff,
    visit_reminders,
)
from schedules.spec import JobSettings, JobSpec


def all_jobs(settings: JobSettings) -> list[JobSpec]:
    return [
        escalation.spec(),
        rating.spec(),
        township_handoff.spec(),
        theme_day.spec(),
        overdue_digest.spec(settings.overdue_digest_time),
        *visit_reminders.specs(
            settings.visit_reminder_day, settings.visit_second_reminder_day, settings.visit_reminder_time
        ),
        coverage_summary.spec(settings.coverage_summary_time),
        monthly_report.spec(settings.monthly_report_time),
        quarterly_report.spec(settings.quarterly_report_time),
    ]
