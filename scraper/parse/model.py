"""What the parser returns: plain dataclasses whose ``to_dict()`` is the JSON of CONTRACT.md.

These types are the interface between the parser and everything downstream
(archive, crawler, query), so they carry no behaviour beyond serialisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


class ParseError(ValueError):
    """Base class of the parser's refusals."""


class NotHTML(ParseError):
    """The input is not readable HTML (empty, binary, undecodable): ``scraper parse`` exits 2."""


class NoContent(ParseError):
    """HTML that holds neither an article nor a listing (e.g. a CMS 404 page): exit 3."""


@dataclass
class Quote:
    """One quotation: the words inside the marks, who said them and the cue that says so."""

    text: str
    speaker: str | None = None
    role: str | None = None
    cue: str | None = None
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        # Spelled out rather than dataclasses.asdict: asdict deep-copies and costs ~10% of a parse.
        return {"text": self.text, "speaker": self.speaker, "role": self.role, "cue": self.cue, "paragraph": self.paragraph}


@dataclass
class MostReadItem:
    """One entry of the "BANYAK DIBACA" sidebar."""

    rank: int
    title: str
    url: str | None = None
    published: str | None = None
    views: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "title": self.title, "url": self.url, "published": self.published, "views": self.views}


@dataclass
class ListingItem:
    """One article link on a listing page, with whatever date and count the listing shows."""

    url: str
    title: str | None = None
    published: str | None = None
    views: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "published": self.published, "views": self.views}


@dataclass
class Article:
    """An article page, latest state as shown (CONTRACT.md, "Article")."""

    url: str | None = None
    article_id: str | None = None
    title: str | None = None
    published: str | None = None
    views: int | None = None
    image_url: str | None = None
    image_caption: str | None = None
    body: str | None = None
    credit: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    most_read: list[MostReadItem] = field(default_factory=list)
    kind: Literal["article"] = "article"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "url": self.url,
            "article_id": self.article_id,
            "title": self.title,
            "published": self.published,
            "views": self.views,
            "image_url": self.image_url,
            "image_caption": self.image_caption,
            "body": self.body,
            "credit": self.credit,
            "quotes": [q.to_dict() for q in self.quotes],
            "most_read": [m.to_dict() for m in self.most_read],
        }


@dataclass
class Listing:
    """A listing page: its article links and the pages its own pagination points to."""

    url: str | None = None
    items: list[ListingItem] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    most_read: list[MostReadItem] = field(default_factory=list)
    kind: Literal["listing"] = "listing"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "url": self.url,
            "items": [i.to_dict() for i in self.items],
            "next_pages": list(self.next_pages),
            "most_read": [m.to_dict() for m in self.most_read],
        }
