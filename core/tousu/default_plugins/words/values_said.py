"""How the core refuses a typed value (``--field``, ``--at``, ``--within``, amounts), read on a zh desk.

The parsers (`tousu.facts`, `tousu.money`, `tousu.timeutil`) raise English lines that name
the option and quote what was typed; these entries are their patterns (`tousu.messages.said`)
so a zh desk reads the same refusal in Chinese, the typed value untouched.
"""

from __future__ import annotations

SAID: dict[str, dict[str, str]] = {
    "value.key_value": {
        "en": "--field {pair}: expected KEY=VALUE, e.g. --field satisfied=true",
        "zh": "--field {pair}：应写成 键=值，例如 --field satisfied=true",
    },
    "value.bool": {"en": "--field {key}={value}: expected true or false", "zh": "--field {key}={value}：应为 true（是）或 false（否）"},
    "value.whole": {"en": "--field {key}={value}: expected a whole number", "zh": "--field {key}={value}：应为整数"},
    "value.whole_range": {
        "en": "--field {key}={value}: expected a whole number from {low} to {high}",
        "zh": "--field {key}={value}：应为 {low} 到 {high} 之间的整数",
    },
    "value.field_problem": {"en": "--field {key}: {problem}", "zh": "--field {key}：{problem!t}"},
    "value.amount_float": {
        "en": "expected a decimal amount as a string such as \"500.00\", got {value} (floats are not exact)",
        "zh": "金额应写成 \"500.00\" 这样的字符串，收到的是 {value}（浮点数不精确）",
    },
    "value.amount": {"en": "expected a decimal amount, got {value}", "zh": "应为金额（如 500.00），收到的是 {value}"},
    "value.amount_finite": {"en": "expected a finite amount, got {value}", "zh": "应为有限的金额，收到的是 {value}"},
    "value.amount_large": {
        "en": "expected an amount below {largest} yuan, got {value}", "zh": "金额应小于 {largest} 元，收到的是 {value}",
    },
    "value.amount_negative": {"en": "expected an amount of zero or more, got {value}", "zh": "金额不能为负，收到的是 {value}"},
    "value.amount_fen": {
        "en": "expected an amount with at most 2 decimal places (fen), got {value}",
        "zh": "金额最多两位小数（到分），收到的是 {value}",
    },
    "value.instant": {
        "en": "{what}: {text} is not an ISO-8601 instant (example: 2026-10-01 09:00)",
        "zh": "{what}：{text} 不是有效的时间（例如 2026-10-01 09:00）",
    },
    "value.instant_years": {
        "en": "{what}: {text} is outside the years {first}–{last} that tousu records",
        "zh": "{what}：{text} 超出可记录的年份 {first}–{last}",
    },
    "value.duration": {
        "en": "{what}: {text} is not a duration; use a number and a unit: 90m, 2h, 3d, 1w",
        "zh": "{what}：{text} 不是时长；请写数字加单位：90m（分钟）、2h（小时）、3d（天）、1w（周）",
    },
    "value.duration_long": {"en": "{what}: {text} is longer than a hundred years", "zh": "{what}：{text} 超过一百年"},
}

__all__ = ["SAID"]
