from handlers.commands.registry import COMMANDS
from handlers.context import Context
from handlers.labels import ROLE_LABELS
from handlers.permissions import ANYONE


@COMMANDS.command("帮助", "help", "菜单", permission=ANYONE)
def show_help(ctx: Context, args: str) -> None:
    role = ROLE_LABELS[ctx.role] if ctx.role else ctx.say("help.unregistered")
    lines = [ctx.say("help.header", role=role)]
    lines += [
        ctx.say("help.line", usage=usage, summary=summary)
        for command in COMMANDS.visible_to(ctx)
        for usage, summary in command.usages(ctx)
    ]
    ctx.reply("\n".join(lines))
