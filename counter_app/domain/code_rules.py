"""The dossier code's format as dated rules (``resources/codes/rules.json``) a profile selects.

A rule has an id, the day it takes effect, its legal basis, a format made of the tokens
``{agency}`` (an identifier of up to 13 characters), ``{yymmdd}`` (the day received),
``{platform}`` (two digits) and ``{seq}`` (the daily number, zero-padded to the rule's fewest
digits, at most its most digits), and which procedures it applies to: ``all`` or
``centralised`` (procedures the catalogue flags as served by a nationally centralised
solution). Where a rule's identifier or platform digits come from a profile setting, the rule
names the setting (``agency_setting``, ``platform_setting``).

The profile's setting :data:`SELECTED` lists the rules it follows (absent: every bundled
rule). A new dossier takes the rule in force on its day of receipt for its procedure: among
the selected rules that apply to it and took effect on or before that day, the latest; on a
tie, the one for centralised procedures. A code, once made, is stored and never re-made:
reprints, lookups and the sync read the stored code, and :func:`parse` accepts every bundled
rule's form whatever the profile selects today.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from counter_app.domain.paths import resource_path
from counter_app.domain.errors import Message, message

#: Profile settings (the ``setting`` table): the selected rule ids, and the values the second
#: form needs (the agency's identifier in that form, the platform owner's two digits).
SELECTED = "codes.rules"
CENTRALISED_AGENCY_ID = "codes.centralised_agency_id"
PLATFORM_OWNER = "codes.platform_owner"

APPLIES_TO = ("all", "centralised")
_TOKENS = ("{agency}", "{yymmdd}", "{platform}", "{seq}")
_IDENTIFIER = re.compile(r"[0-9A-Z]+(?:\.[0-9A-Z]+)*")
_PLATFORM = re.compile(r"[0-9]{2}")
MAX_AGENCY_LENGTH = 13


@dataclass(frozen=True)
class CodeRule:
    """One form of the dossier code and when and where it applies."""

    id: str
    valid_from: date
    format: str
    seq_min_digits: int
    seq_max_digits: int
    applies_to: str = "all"
    basis: str = ""
    agency_setting: str | None = None    # None: the agency's own identifier (agency.id)
    platform_setting: str | None = None  # the setting holding {platform}'s two digits

    @property
    def max_seq(self) -> int:
        """The highest daily number this form can hold."""
        return 10 ** self.seq_max_digits - 1

    @property
    def longest(self) -> int:
        """Characters of the longest code of this form (for layout tests)."""
        return (len(self.format) - sum(len(t) for t in _TOKENS if t in self.format) + MAX_AGENCY_LENGTH
                + 6 + (2 if "{platform}" in self.format else 0) + self.seq_max_digits)

    def applies(self, day: date, centralised: bool) -> bool:
        return self.valid_from <= day and (self.applies_to == "all" or centralised)

    def make(self, agency: str, day: date, seq: int, platform: str | None = None) -> str:
        """The code of number *seq* received on *day*; ValueError when it does not fit."""
        if not 2000 <= day.year <= 2099:
            raise ValueError(f"no dossier code for a day of {day.year} (only 2000–2099)")
        if not 0 <= seq <= self.max_seq:
            raise ValueError(f"number {seq} does not fit rule {self.id}")
        return (self.format.replace("{agency}", agency).replace("{yymmdd}", f"{day:%y%m%d}")
                .replace("{platform}", platform or "").replace("{seq}", f"{seq:0{self.seq_min_digits}d}"))

    @property
    def pattern(self) -> re.Pattern[str]:
        return _pattern(self.format, self.seq_min_digits, self.seq_max_digits)

    def parse(self, text: str) -> tuple[str, date, int, str | None] | None:
        """``(agency, day, seq, platform)`` when *text* is a code of this form, else None.

        Only the canonical spelling is accepted (a number longer than the fewest digits has
        no leading zero), so that a parsed code prints back as the same characters."""
        match = self.pattern.fullmatch(text)
        if match is None:
            return None
        ymd, digits = match["yymmdd"], match["seq"]
        if len(digits) > self.seq_min_digits and digits[0] == "0":
            return None
        try:
            day = date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:]))
        except ValueError:
            return None
        return match["agency"], day, int(digits), match.groupdict().get("platform")


@lru_cache(maxsize=16)
def _pattern(fmt: str, low: int, high: int) -> re.Pattern[str]:
    out = re.escape(fmt)
    for token, group in (("{agency}", rf"(?P<agency>.{{1,{MAX_AGENCY_LENGTH}}})"),
                         ("{yymmdd}", r"(?P<yymmdd>[0-9]{6})"),
                         ("{platform}", r"(?P<platform>[0-9]{2})"),
                         ("{seq}", rf"(?P<seq>[0-9]{{{low},{high}}})")):
        out = out.replace(re.escape(token), group)
    return re.compile(out)


class CodeRulesError(ValueError):
    """The rules file is unusable; ``message`` names the rule and the field (a code with its
    parameters, said by ui)."""

    def __init__(self, code: str, /, **params: Any):
        self.message = message(code, **params)
        super().__init__(str(self.message))


def _rule(raw: Any, index: int) -> CodeRule:
    where = message("code_rules.where_rule", number=index + 1)
    if not isinstance(raw, dict):
        raise CodeRulesError("code_rules.rule_not_object", where=where)
    try:
        rule = CodeRule(
            id=str(raw["id"]), valid_from=date.fromisoformat(raw["valid_from"]), format=str(raw["format"]),
            seq_min_digits=int(raw["seq_digits"][0]), seq_max_digits=int(raw["seq_digits"][1]),
            applies_to=str(raw.get("applies_to", "all")), basis=str(raw.get("basis", "")),
            agency_setting=raw.get("agency_setting"), platform_setting=raw.get("platform_setting"))
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise CodeRulesError("code_rules.rule_fields", where=where, detail=str(exc)) from None
    where = message("code_rules.where_rule_id", number=index + 1, id=rule.id)
    fmt = rule.format
    for token in ("{agency}", "{yymmdd}", "{seq}"):
        if fmt.count(token) != 1:
            raise CodeRulesError("code_rules.format_token", where=where, token=token)
    leftover = re.sub(r"\{(agency|yymmdd|platform|seq)\}", "", fmt)
    if "{" in leftover or "}" in leftover:
        raise CodeRulesError("code_rules.format_unknown", where=where)
    if ("{platform}" in fmt) != bool(rule.platform_setting):
        raise CodeRulesError("code_rules.platform_setting", where=where, token="{platform}", setting="platform_setting")
    if not 1 <= rule.seq_min_digits <= rule.seq_max_digits <= 9:
        raise CodeRulesError("code_rules.seq_digits", where=where)
    if rule.applies_to not in APPLIES_TO:
        raise CodeRulesError("code_rules.applies_to", where=where, choices=", ".join(APPLIES_TO))
    return rule


def load_rules(path: str | Path | None = None) -> tuple[CodeRule, ...]:
    """The rules of *path* (default: the bundled ``resources/codes/rules.json``)."""
    if path is None:
        return _bundled()
    return _read(Path(path))


@lru_cache(maxsize=1)
def _bundled() -> tuple[CodeRule, ...]:
    return _read(resource_path("codes", "rules.json"))


def _read(path: Path) -> tuple[CodeRule, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = tuple(_rule(raw, i) for i, raw in enumerate(data.get("rules", [])))
    if len({r.id for r in rules}) != len(rules):
        raise CodeRulesError("code_rules.duplicate_id")
    return rules


def parse(text: str, rules: tuple[CodeRule, ...] | None = None) -> tuple[CodeRule, tuple[str, date, int, str | None]] | None:
    """The rule whose form *text* has, with the parts; None when it has none of them."""
    for rule in rules if rules is not None else load_rules():
        parts = rule.parse(text)
        if parts is not None:
            return rule, parts
    return None


def any_form_pattern(rules: tuple[CodeRule, ...] | None = None) -> str:
    """One anchored regular expression (no named groups) matching the codes of every rule:
    for schemas (OpenAPI, pydantic); the day's validity is checked by :func:`parse`."""
    forms = [re.sub(r"\(\?P<[a-z]+>", "(?:", r.pattern.pattern) for r in (rules or load_rules())]
    return "^(?:" + "|".join(forms) + ")$"


def by_id(rule_id: str) -> CodeRule:
    return next(r for r in load_rules() if r.id == rule_id)


FIRST_FORM = "tt01-2018"


@dataclass(frozen=True)
class CodeChoice:
    """The rule a new dossier's code follows, with the values its format needs."""

    rule: CodeRule
    agency: str
    platform: str | None = None


class CodeRuleUnusable(ValueError):
    """No rule can make this dossier's code (a setting is missing or wrong); ``message`` says
    what (a code with its parameters)."""

    def __init__(self, said: Message):
        self.message = said
        super().__init__(str(said))


def rule_in_force(selected: tuple[CodeRule, ...], day: date, centralised: bool) -> CodeRule | None:
    """The selected rule in force on *day* for a procedure (centralised or not), or None."""
    fitting = [r for r in selected if r.applies(day, centralised)]
    if not fitting:
        return None
    return max(fitting, key=lambda r: (r.valid_from, r.applies_to == "centralised"))


def choose(settings: dict[str, Any], agency_id: str, day: date, centralised: bool) -> CodeChoice:
    """The rule and values for a dossier received on *day*; *settings* maps setting keys to
    values (only the keys of this module are read). Raises CodeRuleUnusable."""
    rules = load_rules()
    wanted = settings.get(SELECTED)
    if wanted is None:
        selected = rules
    else:
        ids = [wanted] if isinstance(wanted, str) else list(wanted)
        unknown = [i for i in ids if i not in {r.id for r in rules}]
        if unknown:
            raise CodeRuleUnusable(message("code_rules.unknown_rule", setting=SELECTED, rule=unknown[0]))
        selected = tuple(r for r in rules if r.id in ids)
    rule = rule_in_force(selected, day, centralised)
    if rule is None:
        raise CodeRuleUnusable(message("code_rules.none_in_force", setting=SELECTED, day=day))
    agency = agency_id
    if rule.agency_setting:
        agency = str(settings.get(rule.agency_setting) or "").strip().upper()
        if not agency or len(agency) > MAX_AGENCY_LENGTH or not _IDENTIFIER.fullmatch(agency):
            raise CodeRuleUnusable(message(
                "code_rules.central_agency", basis=rule.basis.split(" (")[0], setting=rule.agency_setting,
                now=message("code_rules.now_wrong", value=agency[:20]) if agency else message("code_rules.now_missing")))
    platform = None
    if rule.platform_setting:
        platform = str(settings.get(rule.platform_setting) or "").strip()
        if not _PLATFORM.fullmatch(platform):
            raise CodeRuleUnusable(message(
                "code_rules.central_platform", setting=rule.platform_setting,
                now=message("code_rules.now_wrong", value=platform[:20]) if platform else message("code_rules.now_missing")))
    return CodeChoice(rule, agency, platform)


def check_setting(key: str, value: Any) -> Any:
    """*value* for the setting *key* of this module, cleaned; CodeRuleUnusable names what is wrong."""
    if key == SELECTED:
        ids = [value] if isinstance(value, str) else value
        if not isinstance(ids, (list, tuple)) or not ids or not all(isinstance(i, str) for i in ids):
            raise CodeRuleUnusable(message("code_rules.list_needed", setting=SELECTED, example=f'["{FIRST_FORM}"]'))
        known = {r.id: r for r in load_rules()}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise CodeRuleUnusable(message("code_rules.unknown_rule", setting=SELECTED, rule=unknown[0][:40]))
        if not any(known[i].applies_to == "all" for i in ids):
            raise CodeRuleUnusable(message("code_rules.one_for_all", setting=SELECTED))
        return list(dict.fromkeys(ids))
    text = str(value).strip().upper()
    agency_keys = {r.agency_setting for r in load_rules() if r.agency_setting}
    if key in agency_keys and not (len(text) <= MAX_AGENCY_LENGTH and _IDENTIFIER.fullmatch(text)):
        raise CodeRuleUnusable(message("code_rules.agency_form", key=key, value=text[:20], max=MAX_AGENCY_LENGTH))
    if key not in agency_keys and not _PLATFORM.fullmatch(text):
        raise CodeRuleUnusable(message("code_rules.platform_form", key=key, value=text[:20]))
    return text


def settings_keys() -> tuple[str, ...]:
    """The setting keys :func:`choose` reads (the selection and every rule's own)."""
    keys = {SELECTED}
    for rule in load_rules():
        keys.update(k for k in (rule.agency_setting, rule.platform_setting) if k)
    return tuple(sorted(keys))
