"""The text of an HTML body, as a person reads it: block elements make lines, hidden elements
and quotes (``blockquote``, and the containers clients put a quote in, ``phrases.QUOTE_CONTAINERS``)
are left out."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .phrases import QUOTE_CONTAINERS

_CONTAINERS = frozenset(name.casefold() for name in QUOTE_CONTAINERS)
_QUOTE_MARKERS = frozenset({"__divider__", "__quoted_text__"})  # Zimbra's data-marker values


class _HtmlText(HTMLParser):
    BREAKS = frozenset({"br", "p", "div", "tr", "li", "hr", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})
    HIDDEN = frozenset({"style", "script", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.quoted = 0
        self.hidden = 0
        self.stopped = False
        self.line_start = True  # block boundaries next to each other make one line break, not blank lines

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stopped or _is_quote(tag, dict(attrs)):
            self.stopped = True
            return
        if tag == "blockquote":
            self.quoted += 1
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag in self.BREAKS:
            self._break(tag == "br")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote" and self.quoted:
            self.quoted -= 1
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in self.BREAKS and tag != "br":
            self._break(False)

    def handle_data(self, data: str) -> None:
        if not (self.stopped or self.quoted or self.hidden):
            self.parts.append(re.sub(r"\s+", " ", data))  # source line breaks are not breaks in HTML
            self.line_start = self.line_start and not data.strip()

    def _break(self, always: bool) -> None:
        if always or not self.line_start:
            self.parts.append("\n")
        self.line_start = True


def _is_quote(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag not in ("div", "hr", "span", "table", "section"):
        return False
    names = {n.casefold() for n in (attrs.get("class") or "").split()} | {(attrs.get("id") or "").casefold()}
    return bool(names & _CONTAINERS) or (attrs.get("data-marker") or "").casefold() in _QUOTE_MARKERS


def html_text(html: str) -> str:
    """The text of an HTML document, one line per block, without quotes."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
