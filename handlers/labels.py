"""Chinese labels for the ledger's stored vocabulary, in one place (exports, replies, reports)."""

from storage.enums import Kind, Role, Status

ROLE_LABELS = {
    Role.SECRETARY: "书记",
    Role.HUB: "中心户长",
    Role.MEMBER: "联户党员",
    Role.RESIDENT: "群众",
    Role.TOWNSHIP: "乡镇干部",
}

KIND_LABELS = {
    Kind.GRIEVANCE: "诉求",
    Kind.VISIT: "走访",
    Kind.EMERGENCY: "突发",
    Kind.UNSORTED: "待确认",
}

MEDIA_LABELS = {"image": "图片", "voice": "语音", "video": "视频", "file": "文件"}

STATUS_LABELS = {
    Status.NEW: "新建",
    Status.ACCEPTED: "已受理",
    Status.DELIBERATED: "已商议",
    Status.IN_PROGRESS: "办理中",
    Status.RESOLVED: "已办结",
    Status.CLOSED: "已销号",
    Status.REOPENED: "重办",
    Status.MERGED: "已合并",
    Status.WITHDRAWN: "已撤销",
}

MUST_VISIT_LABELS = {
    "discontent": "不满情绪",
    "incident": "突发事件",
    "dispute": "矛盾纠纷",
    "family_event": "红白喜事",
    "illness": "生病住院",
    "hardship": "生活困难",
    "petition": "上访苗头",
    "violation": "违章违纪",
}

LEVEL_LABELS = {0: "联户党员", 1: "党员中心户", 2: "村党组织", 3: "乡镇平台"}

URGENCY_LABELS = {"normal": "一般", "urgent": "紧急"}

# Who took a step of the audit trail the scheduler or the bot took on its own.
SYSTEM_ACTOR = "系统"

# The audit trail's actions (`RecordEvent.action`), as `/查` and the web console show them.
ACTION_LABELS = {
    "create": "登记",
    "append": "补充",
    "supplement": "他人补充",
    "accept": "受理",
    "deliberate": "商议",
    "assign": "交办",
    "progress": "反馈进展",
    "resolve": "办结",
    "rate": "评价",
    "rating_reminder": "催评",
    "close": "销号",
    "reopen": "退回重办",
    "merge": "合并",
    "withdraw": "撤销",
    "cancel_task": "取消必访",
    "escalate": "督办",
    "linked": "关联",
    "township": "报送",
    "attach": "附件",
    "reclassify": "改类型",
    "transfer": "转办",
}
