"""Staff telling of a visit made ("今天去了李德明家，低保材料帮他交了") records it, as `/走访` does."""

from __future__ import annotations

from handlers.context import Context
from handlers.intake.matter import Matter
from handlers.intake.registry import INTAKE, Priority
from handlers.intake.words import VISIT_WORDS
from handlers.records.people import household_visited
from handlers.records.visits import report_visit
from storage.enums import Kind
from storage.models import Person


@INTAKE.handler(Priority.VISIT_REPORT)
def visit_report(ctx: Context, matter: Matter) -> bool:
    """The visit counts for coverage and closes the household's open visit tasks; a resident's words never do.

    An emergency or a grievance heard on the visit is left to the handlers that record it.
    """
    if matter.reporter is None or not matter.staff or matter.kind not in (Kind.VISIT, "none"):
        return False
    if not VISIT_WORDS.reports_visit(matter.text):
        return False
    household = household_visited(ctx.session, matter.reporter, matter.text)
    if household is not None:
        report_visit(ctx, household, matter.text, matter.text, matter.found)
        return True
    elsewhere = matter.household
    if elsewhere is not None and elsewhere.head_name in matter.text:
        member = ctx.session.get(Person, elsewhere.member_id)
        ctx.reply(ctx.say("visit.not_in_care", household=elsewhere.head_name, member=member.name if member else ""))
        return True
    if matter.kind == Kind.VISIT:
        ctx.reply(ctx.say("visit.which_household"))
        return True
    return False
