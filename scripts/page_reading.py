"""Reading Pobratym's pages as a browser would: the forms to submit and the recommendations shown.

Pure standard library (html.parser), so that scripts/scale_out_check.py can drive the platform
over HTTP the way a person does: open a page, fill in its form, send what a browser would send
(hidden fields, the CSRF token and the one-time submission key included).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Inputs a browser never sends as a field of their own: buttons are sent only when pressed.
_BUTTON_TYPES = {"submit", "button", "image", "reset"}
_OFFER_PATH = re.compile(r"/exchange/offers/(\d+)/")

Attributes = list[tuple[str, str | None]]


@dataclass
class Form:
    """One <form> as a browser would send it unchanged: its fields in page order."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    # The values a <select>, a checkbox group or a radio group offers, by field name.
    choices: dict[str, list[str]] = field(default_factory=dict)

    def names(self) -> set[str]:
        return {name for name, _ in self.fields} | set(self.choices)

    def filled(
        self, changes: Mapping[str, str | Sequence[str]], *, press: tuple[str, str] | None = None
    ) -> list[tuple[str, str]]:
        """The fields with `changes` applied (a sequence: the checked values of a group) and
        the pressed button last. A name the form does not have, or a choice it does not offer,
        is a page that changed: it raises, naming it, rather than sending a form the server
        would read differently."""
        unknown = sorted(set(changes) - self.names())
        if unknown:
            raise KeyError(f"the form has no field {', '.join(unknown)}")
        for name, value in changes.items():
            offered = self.choices.get(name)
            values = [value] if isinstance(value, str) else list(value)
            missing = [v for v in values if offered is not None and v not in offered]
            if missing:
                raise KeyError(f"the form offers no {name}={', '.join(missing)}")
        if press is not None and press not in self.buttons:
            raise KeyError(f"the form has no button {press[0]}={press[1]}")
        sent: list[tuple[str, str]] = []
        placed: set[str] = set()
        order = [name for name, _ in self.fields]
        order += [name for name in self.choices if name not in order]
        for name in order:
            if name not in changes:
                sent += [(n, v) for n, v in self.fields if n == name and name not in placed]
            elif name not in placed:
                value = changes[name]
                values = [value] if isinstance(value, str) else list(value)
                sent += [(name, v) for v in values]
            placed.add(name)
        if press is not None:
            sent.append(press)
        return sent


@dataclass
class _Select:
    name: str
    multiple: bool
    options: list[tuple[str, bool]] = field(default_factory=list)  # value, selected


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: _Select | None = None
        self._option: dict[str, str | None] | None = None
        self._option_text: list[str] = []
        self._textarea: str | None = None
        self._textarea_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        found = dict(attrs)
        if tag == "form":
            self._form = Form(
                action=found.get("action") or "", method=(found.get("method") or "get").lower()
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = found.get("name")
        if tag == "input" and name:
            kind = (found.get("type") or "text").lower()
            value = found.get("value")
            if kind in _BUTTON_TYPES:
                form.buttons.append((name, value or ""))
            elif kind in ("checkbox", "radio"):
                form.choices.setdefault(name, []).append(value or "on")
                if "checked" in found:
                    form.fields.append((name, value or "on"))
            elif kind != "file":
                form.fields.append((name, value or ""))
        elif tag == "button" and name and (found.get("type") or "submit").lower() == "submit":
            form.buttons.append((name, found.get("value") or ""))
        elif tag == "select" and name:
            self._select = _Select(name=name, multiple="multiple" in found)
        elif tag == "option" and self._select is not None:
            self._option, self._option_text = found, []
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, []

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text.append(data)
        elif self._textarea is not None:
            self._textarea_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" or (tag == "select" and self._option is not None):
            self._end_option()
        if tag == "select" and self._select is not None:
            self._end_select(self._select)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = "".join(self._textarea_text)
            # A browser drops the one newline that may follow <textarea>.
            self._form.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None

    def _end_option(self) -> None:
        if self._option is None or self._select is None:
            return
        # An option without a value sends its text.
        value = self._option.get("value")
        if value is None:
            value = " ".join("".join(self._option_text).split())
        self._select.options.append((value, "selected" in self._option))
        self._option = None

    def _end_select(self, select: _Select) -> None:
        if self._form is None:
            return
        self._form.choices[select.name] = [value for value, _ in select.options]
        chosen = [value for value, selected in select.options if selected]
        if not chosen and not select.multiple and select.options:
            chosen = [select.options[0][0]]  # a single select sends its first option
        self._form.fields += [(select.name, value) for value in chosen]


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_posting_to(html: str, action: str, *, page_address: str) -> Form:
    """The page's POST form that posts to the address `action`; a form without an action
    posts to its page's own address, query string and all, as a browser sends it."""
    for form in forms_in(html):
        if form.method == "post" and (form.action or page_address) == action:
            return form
    raise LookupError(f"no form on {page_address} posts to {action}")


@dataclass(frozen=True)
class RecommendedOffer:
    offer_id: int
    title: str
    is_partner: bool


@dataclass(frozen=True)
class Recommendations:
    """The recommendations section of a need's page: still being prepared, or its offers."""

    preparing: bool
    offers: tuple[RecommendedOffer, ...]

    def titled(self, title: str) -> RecommendedOffer | None:
        return next((offer for offer in self.offers if offer.title == title), None)


class _RecommendationParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = False
        self.preparing = False
        self.offers: list[RecommendedOffer] = []
        self._depth = 0  # open <section>s since the recommendations' own
        self._article: dict[str, object] | None = None
        self._in_heading = False
        self._link: int | None = None
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        found = dict(attrs)
        if tag == "section":
            if self._depth:
                self._depth += 1
            elif "recommendations" in (found.get("class") or "").split():
                self.found, self._depth = True, 1
            return
        if not self._depth:
            return
        if "data-preparing" in found:
            self.preparing = True
        if tag == "article":
            self._article = {"partner": False}
        elif self._article is not None:
            if "data-partner" in found:
                self._article["partner"] = True
            if tag == "h3" and "heading_done" not in self._article:
                self._in_heading = True
            elif tag == "a" and self._in_heading:
                match = _OFFER_PATH.search(found.get("href") or "")
                self._link = int(match.group(1)) if match else None
                self._title = []

    def handle_data(self, data: str) -> None:
        if self._in_heading and self._link is not None:
            self._title.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self._depth:
            return
        if tag == "section":
            self._depth -= 1
        elif tag == "h3" and self._article is not None and self._in_heading:
            self._in_heading = False
            self._article["heading_done"] = True
            if self._link is not None:
                self._article["offer"] = (self._link, " ".join("".join(self._title).split()))
        elif tag == "article" and self._article is not None:
            offer = self._article.get("offer")
            if isinstance(offer, tuple):
                self.offers.append(
                    RecommendedOffer(offer[0], offer[1], self._article["partner"] is True)
                )
            self._article = None


def recommendations_in(html: str) -> Recommendations | None:
    """The need page's recommended offers in their order; None when the page has none to show
    (no recommendations section at all)."""
    parser = _RecommendationParser()
    parser.feed(html)
    parser.close()
    if not parser.found:
        return None
    return Recommendations(preparing=parser.preparing, offers=tuple(parser.offers))


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        if tag in ("script", "style", "head"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def page_text(html: str, limit: int = 1500) -> str:
    """What a person reads on the page, in one line: enough to say why a step failed."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = " ".join(" ".join(parser.parts).split())
    return text if len(text) <= limit else text[:limit].rstrip() + " …"
