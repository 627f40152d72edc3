"""Per-format parsers: decoded text of one article → its plain text, title, date and URL.

Each parser is a pure function of a string, so it can be tested with a literal and knows nothing of
files, encodings or limits (those belong to :mod:`graph.ingest`). The text they return is plain
prose: markup, scripts and metadata lines are gone, because every later offset refers to it.

Parsers receive text whose newlines are already ``\\n``; they do not normalise it further.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Parsed",
    "parse_date",
    "parse_plain",
    "parse_markdown",
    "parse_html",
    "parse_record",
]


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a parser read from one article, before normalisation and hashing."""

    text: str
    title: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    url: str | None = None


# --------------------------------------------------------------------------------------- dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = (  # a time of day and zone after the date, accepted and ignored
    r"(?:[T ,]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,4})?)?"
)
_ISO_DATE = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}", re.IGNORECASE)
_MONTH_FIRST = re.compile(
    rf"{_WEEKDAY}([a-z]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_TIME}", re.IGNORECASE
)
_DAY_FIRST = re.compile(
    rf"{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{{4}}){_TIME}", re.IGNORECASE
)


def parse_date(value: str | None) -> str | None:
    """Read a publication date written in one of the usual ways, as ISO ``YYYY-MM-DD``.

    Only the calendar date is kept: a time or time zone is accepted and dropped, since articles
    are placed on days, not instants. Anything else (ambiguous ``07/08/2025``, prose) gives
    ``None``: a missing date is not an error, a wrong one would be.

    Examples:
        >>> [parse_date(v) for v in ("2025-07-26T10:00:00Z", "July 26, 2025", "26 July 2025")]
        ['2025-07-26', '2025-07-26', '2025-07-26']
        >>> parse_date("yesterday") is None
        True
    """
    if not value:
        return None
    value = value.strip()
    if m := _ISO_DATE.fullmatch(value):
        year, month, day = m.groups()
    elif m := _MONTH_FIRST.fullmatch(value):
        month, day, year = _MONTHS.get(m.group(1).lower(), 0), m.group(2), m.group(3)
    elif m := _DAY_FIRST.fullmatch(value):
        day, month, year = m.group(1), _MONTHS.get(m.group(2).lower(), 0), m.group(3)
    else:
        return None
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:  # month name unknown (0) or day out of range
        return None


# ---------------------------------------------------------------------------------- plain text

_DATE_LINE = re.compile(r"[ \t]*date(?:[ \t]*:[ \t]*|[ \t]+)(?P<value>\S.*?)[ \t]*", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"[ \t]*date[ \t]*:?[ \t]*(?P<value>\d{4}-\d{2}-\d{2})[ \t]+(?=\S)", re.I)
_NON_SPACE = re.compile(r"\S")
_HEAD_LINES = 5  # a date line further down is part of the story, not metadata


def _take_date_line(text: str) -> tuple[str, str | None]:
    """Remove a ``date YYYY-MM-DD`` metadata line from the top of a text and return its date.

    Scrapers often put the date on its own line, or glue it to the front of the first line
    (``" date 2025-07-26 Chinese Premier ..."``); left in, it would be read as part of a sentence.
    """
    lines = text.split("\n", _HEAD_LINES)
    first_text = next((i for i, line in enumerate(lines[:_HEAD_LINES]) if line.strip()), None)
    for i, line in enumerate(lines[:_HEAD_LINES]):
        if (m := _DATE_LINE.fullmatch(line)) and (date := parse_date(m.group("value"))):
            del lines[i]
            return "\n".join(lines), date
        if i == first_text and (m := _DATE_PREFIX.match(line)):
            if date := parse_date(m.group("value")):
                lines[i] = line[m.end() :]
                return "\n".join(lines), date
    return text, None


def _headline(text: str) -> str | None:
    """Return the first line as a title when it looks like a headline and a story follows it."""
    first, _, rest = text.lstrip().partition("\n")
    first = first.strip()
    if not first or len(first) >= 200 or first.endswith("."):
        return None
    return first if _NON_SPACE.search(rest) else None


def parse_plain(text: str) -> Parsed:
    """Parse a plain-text article: optional date line near the top, headline as first line.

    The headline stays in the text (only the date line is removed), so the text a reader sees and
    the text that offsets and the content hash refer to are the same.

    Examples:
        >>> parsed = parse_plain("Li Visits Paris\\ndate: 2025-07-26\\nLi arrived on Monday.")
        >>> parsed.text, parsed.title, parsed.date
        ('Li Visits Paris\\nLi arrived on Monday.', 'Li Visits Paris', '2025-07-26')
    """
    text, date = _take_date_line(text)
    return Parsed(text=text, title=_headline(text), date=date)


# ------------------------------------------------------------------------------------ markdown

_FRONT_MATTER = re.compile(r"---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_SETEXT = re.compile(r"[ ]{0,3}(=+|-+)[ \t]*")
_ATX = re.compile(r"[ ]{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_QUOTE = re.compile(r"^[ ]{0,3}(?:>[ ]?)+")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_LINK_DEF = re.compile(r"[ ]{0,3}\[[^\]]+\]:[ \t]+\S.*")
_PARENS = r"\((?:[^()\n]|\([^()\n]*\))*\)"  # a URL with one level of nested parentheses
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in [
        (r"`+([^`\n]+?)`+", r"\1"),  # inline code (first: its content is literal)
        (rf"!\[[^\]\n]*\](?:{_PARENS}|\[[^\]\n]*\])", ""),  # images
        (rf"\[([^\]\n]*)\](?:{_PARENS}|\[[^\]\n]*\])", r"\1"),  # inline and reference links
        (r"<((?:https?|mailto):[^>\s]+)>", r"\1"),  # autolinks
        (r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", ""),  # inline HTML tags
        (r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2"),  # strong
        (r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", r"\1"),  # emphasis
        (r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", r"\1"),
        (r"~~(?=\S)(.+?)(?<=\S)~~", r"\1"),  # strikethrough
    ]
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|<])")
_SHELTER = 0xE000  # escaped punctuation hides in the private use area while markup is removed


def _strip_inline(line: str) -> str:
    """Remove inline markup from one line, keeping the words a reader would see."""
    line = _ESCAPE.sub(lambda m: chr(_SHELTER + ord(m.group(1))), line)
    for pattern, repl in _INLINE:
        line = pattern.sub(repl, line)
    return re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group()) - _SHELTER), line)


def _front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Split YAML front matter off; read only flat ``key: value`` pairs (enough for metadata)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return text, {}
    meta = {}
    for line in m.group("body").split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return text[m.end() :], meta


def _markdown_lines(text: str) -> tuple[list[str], str | None]:
    """Turn markdown block structure into plain lines; return them and the first-level heading."""
    out: list[str] = []
    title: str | None = None
    fence: str | None = None
    for line in text.split("\n"):
        if fence is not None:  # inside a code block: drop until the matching fence
            if line.strip().startswith(fence):
                fence = None
            out.append("")
            continue
        if m := _FENCE.match(line):
            fence = m.group(1)[0] * 3
            out.append("")
        elif out and out[-1].strip() and _SETEXT.fullmatch(line):
            if title is None and line.strip()[0] == "=":
                title = _strip_inline(out[-1].strip())
            out.append("")
        elif _RULE.fullmatch(line) or _TABLE_RULE.fullmatch(line) or _LINK_DEF.fullmatch(line):
            out.append("")
        elif m := _ATX.fullmatch(line):
            heading = _strip_inline(m.group(2) or "")
            if title is None and len(m.group(1)) == 1 and heading:
                title = heading
            out.append(heading)
        else:
            line = _BULLET.sub("", _QUOTE.sub("", line, count=1), count=1)
            if line.startswith("|") and line.rstrip().endswith("|") and len(line.strip()) > 1:
                line = " ".join(cell.strip() for cell in line.strip()[1:-1].split("|"))  # table row
            out.append(_strip_inline(line))
    return out, title


def parse_markdown(text: str) -> Parsed:
    """Parse a markdown article into plain text, title (front matter or ``# heading``) and date.

    A small line-based converter rather than a full CommonMark parser: news markdown is simple,
    and all that matters is that the words survive and the markup does not.

    Examples:
        >>> parsed = parse_markdown("# Li *Visits* Paris\\n\\n- Li met [Macron](https://x.org/m).")
        >>> parsed.text, parsed.title
        ('Li Visits Paris\\n\\nLi met Macron.', 'Li Visits Paris')
    """
    body, meta = _front_matter(text)
    body, date = _take_date_line(body)
    lines, heading = _markdown_lines(body)
    title = _strip_inline(meta["title"]) if meta.get("title") else heading
    return Parsed(
        text="\n".join(lines),
        title=title or None,
        date=parse_date(meta.get("date")) or date,
        url=meta.get("url") or meta.get("link") or None,
    )


# ---------------------------------------------------------------------------------------- html

_SKIP_TAGS = frozenset(
    "script style noscript template nav footer aside svg math iframe object embed canvas "
    "select button head title".split()
)
_BLOCK_TAGS = frozenset(
    "address article blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu ol p pre "
    "section summary table tbody thead tfoot tr ul".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_DATE_SELECTORS = (
    ('meta[name="date"]', "content"),
    ('meta[property="article:published_time"]', "content"),
    ('meta[name="article:published_time"]', "content"),
    ('meta[itemprop="datePublished"]', "content"),
    ('meta[name="pubdate"]', "content"),
    ("time[datetime]", "datetime"),
)
_URL_SELECTORS = (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content"))
_SPACE = re.compile(r"\s+")


def _events(root: Any) -> Any:
    """Walk the tree under ``root`` depth first, yielding ``(entering, node)`` pairs.

    Iterative, following child/next/parent links, so a page nested ten thousand levels deep
    cannot exhaust the Python stack. Skipped subtrees are entered and left but not descended.
    """
    node, depth = root.child, 0
    while node is not None:
        yield True, node
        child = node.child if node.is_element_node and not _skipped(node) else None
        if child is not None:
            node, depth = child, depth + 1
            continue
        yield False, node
        while node.next is None and depth > 0:
            node, depth = node.parent, depth - 1
            yield False, node
        node = node.next


def _skipped(node: Any) -> bool:
    """True for elements whose content is never visible article text."""
    attrs = node.attributes
    return node.tag in _SKIP_TAGS or "hidden" in attrs or attrs.get("aria-hidden") == "true"


def _visible_text(root: Any) -> str:
    """Collect the visible text under ``root``: blocks become paragraphs, ``<br>`` a newline."""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        lines = (_SPACE.sub(" ", line).strip() for line in "".join(current).split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
        current.clear()

    for entering, node in _events(root):
        tag = node.tag
        if tag == "-text":
            if entering:
                current.append(_SPACE.sub(" ", node.text_content or ""))
        elif not node.is_element_node or _skipped(node):
            continue
        elif tag in _BLOCK_TAGS:
            flush()
        elif tag == "br" and entering:
            current.append("\n")
        elif tag in _CELL_TAGS:
            current.append(" ")
    flush()
    return "\n\n".join(paragraphs)


def _first(tree: Any, selectors: tuple[tuple[str, str], ...], convert: Any = str) -> str | None:
    """Return the first non-empty (converted) attribute value among the selectors' matches."""
    for selector, attribute in selectors:
        for node in tree.css(selector):
            value = (node.attributes.get(attribute) or "").strip()
            if value and (converted := convert(value)):
                return converted
    return None


def _html_title(tree: Any) -> str | None:
    """Prefer og:title (the headline without the site name), then ``<title>``, then ``<h1>``."""
    candidates = [_first(tree, (('meta[property="og:title"]', "content"),))]
    candidates += [node.text(deep=True) for sel in ("title", "h1") if (node := tree.css_first(sel))]
    return next((t for c in candidates if c and (t := _SPACE.sub(" ", c).strip())), None)


def parse_html(text: str) -> Parsed:
    """Parse an HTML page into its visible text, headline, publication date and canonical URL.

    Uses selectolax's lexbor parser (an HTML5 parser, so broken markup is read as browsers read
    it). Scripts, styles, navigation, footers, asides and hidden elements are dropped: none of
    them is the article, and all of them would feed the extractor sentences nobody wrote.

    Examples:
        >>> parse_html("<title>T</title><p>One <b>two</b>.</p><script>x()</script><p>Three.</p>")
        Parsed(text='One two.\\n\\nThree.', title='T', date=None, url=None)
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    body = tree.body
    return Parsed(
        text=_visible_text(body) if body is not None else "",
        title=_html_title(tree),
        date=_first(tree, _DATE_SELECTORS, parse_date),
        url=_first(tree, _URL_SELECTORS),
    )


# ------------------------------------------------------------------------------- json records

_OPTIONAL_FIELDS = ("id", "title", "date", "url")


def _type_name(value: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def parse_record(record: object) -> Parsed:
    """Validate one JSON Lines record and read its article.

    Required: ``text``, a non-empty string. Optional: ``id``, ``title``, ``date``, ``url``, strings
    or null (``id`` may also be an integer); other keys are ignored. The ``id`` is checked but not
    used, because a document's id is always the hash of its text.

    Raises:
        ValueError: naming the field that is missing or of the wrong type.
    """
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {_type_name(record)}")
    if "text" not in record:
        raise ValueError("missing 'text'")
    text = record["text"]
    if not isinstance(text, str):
        raise ValueError(f"'text' must be a string, got {_type_name(text)}")
    if not text.strip():
        raise ValueError("empty 'text'")
    for key in _OPTIONAL_FIELDS:
        value = record.get(key)
        allowed = (str, int) if key == "id" else (str,)
        if value is not None and (isinstance(value, bool) or not isinstance(value, allowed)):
            raise ValueError(f"'{key}' must be a string, got {_type_name(value)}")
    return Parsed(
        text=text,
        title=(record.get("title") or "").strip() or None,
        date=parse_date(record.get("date")),
        url=(record.get("url") or "").strip() or None,
    )
