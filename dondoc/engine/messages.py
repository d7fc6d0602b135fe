"""Short user-facing messages (errors, CLI lines), looked up by key in the plan's language.

The text lives in ``templates/<lang>/messages.yaml``; code only names keys.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language (unknown languages fall back to Vietnamese)."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    text = resources.files("dondoc").joinpath(f"templates/{lang}/messages.yaml").read_text("utf-8")
    data: dict[str, str] = yaml.safe_load(text)
    return data


def message(lang: str, key: str, /, **args: Any) -> str:
    """The message ``key`` in ``lang`` with its ``{placeholders}`` filled in."""
    template = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE)[key]
    return template.format_map(args)


@cache
def labels(lang: str) -> dict[str, Any]:
    """The labels of a language shared by every report format and the periods in words
    (``templates/<lang>/report.yaml``)."""
    text = resources.files("dondoc").joinpath(f"templates/{lang}/report.yaml").read_text("utf-8")
    found: dict[str, Any] = yaml.safe_load(text)
    return found
