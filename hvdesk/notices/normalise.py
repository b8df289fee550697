"""Text folded the way a reader's eye folds it, before the wording rules look.

A rule that matches substrings is beaten by ``借\u200b款``, ``貸款``, ``逾 期``,
``一千二百元`` or ``CNY1200``: the phone shows the same words to whoever holds
it. So every check runs on folded forms of the message:

``plain``    NFKC (full-width digits and letters become ASCII), format and
             control characters removed (zero-width spaces, joiners, soft
             hyphens, BOMs, bidi marks), traditional characters converted to
             simplified ones (OpenCC's ``t2s`` tables), lower case.
``tight``    ``plain`` without whitespace: amounts written ``1 200 元`` or
             ``一 千 二 百 元``.
``compact``  ``plain`` with only letters, digits and CJK left: Chinese words
             split by spaces or punctuation (``逾-期``, ``逾。期``).
``words``    ``plain`` with every run of non-alphanumerics one space, accents
             stripped: English words with word boundaries.
``letters``  ASCII letters only, accents stripped: pinyin written in pieces
             (``yu qi``, ``yú-qī``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Protocol


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@functools.cache
def _t2s() -> _Converter:
    # OpenCC's own dictionaries (phrases as well as characters), maintained
    # upstream; loaded once, a few milliseconds.
    import opencc  # noqa: PLC0415  (only the wording check needs it)

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or (
        "\U00020000" <= char <= "\U0002fa1f"
    )


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Folded:
    plain: str
    tight: str
    compact: str
    words: str
    letters: str


def fold(text: str) -> Folded:
    nfkc = unicodedata.normalize("NFKC", text)
    # Cf: zero-width space/joiners, soft hyphen, BOM, bidi controls; Cc:
    # control characters; variation selectors (Mn) change nothing visible.
    visible = "".join(
        c
        for c in nfkc
        if c in "\n\t "
        or (
            unicodedata.category(c) not in ("Cf", "Cc", "Co", "Cn")
            and not ("\ufe00" <= c <= "\ufe0f")
        )
    )
    plain = _t2s().convert(visible).lower()
    tight = "".join(c for c in plain if not c.isspace())
    compact = "".join(c for c in plain if c.isalnum() or _is_cjk(c))
    unaccented = _strip_accents(plain)
    words = " ".join(re.findall(r"[a-z0-9]+", unaccented))
    letters = "".join(c for c in unaccented if "a" <= c <= "z")
    return Folded(plain, tight, compact, words, letters)


_CN_DIGIT = "一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_NUMERAL = _CN_DIGIT + "零〇十百千万亿拾佰仟"
_AMOUNT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Currency signs and codes before a number: ¥200, RMB 88, CNY1200, $50.
    ("plain", re.compile(r"(?:[¥$€£]|(?<![a-z])(?:rmb|cny|usd|hkd|yuan)(?![a-z]))\s*\d")),
    ("plain", re.compile(r"人民币\s*\d")),
    # A number with a unit of money: 3,500元, 2万, 1.2k, 1200 yuan, 10w.
    ("tight", re.compile(r"\d[\d,，.]*(?:元|块|圆|蚊|万|千元|百元|毛钱)")),
    (
        "plain",
        re.compile(
            r"\d[\d,.]*\s*(?:k|w|yuan|kuai|rmb|cny|usd|hkd|dollars?|bucks?)(?![a-z])"
        ),
    ),
    # Chinese numerals: 一千二百元, 两万, 壹仟贰佰圆, 三百块.
    (
        "tight",
        re.compile(
            f"[{_CN_NUMERAL}]*[{_CN_DIGIT}][{_CN_NUMERAL}]*"
            r"(?:元|块|圆|蚊|毛钱|人民币)"
        ),
    ),
    ("tight", re.compile(f"[{_CN_DIGIT}][{_CN_NUMERAL}]*[万亿](?!一)")),
    # English number words: twelve hundred yuan, two thousand dollars.
    (
        "words",
        re.compile(
            r"\b(?:hundred|thousand|million|[a-z]+ty|one|two|three|four|five|six|seven|"
            r"eight|nine|ten|eleven|twelve)\s+(?:yuan|kuai|rmb|cny|dollars?|bucks?)\b"
        ),
    ),
    # Pinyin numerals with a unit: yiqian erbai kuai.
    ("letters", re.compile(r"(?:bai|qian|wan)(?:kuai|yuan)(?!shi|jiao)")),
)


def find_amount(folded: Folded) -> str | None:
    """The first sum of money in any of its spellings, as found."""
    for form, pattern in _AMOUNT_PATTERNS:
        match = pattern.search(getattr(folded, form))
        if match:
            return match.group(0).strip()
    return None


def _is_latin(word: str) -> bool:
    return all(c.isascii() for c in word)


def find_words(
    folded: Folded,
    chinese: tuple[str, ...] = (),
    english: tuple[str, ...] = (),
    pinyin: tuple[str, ...] = (),
) -> list[str]:
    """Which of the listed words the message holds, in any folded form.

    Chinese words are looked for in ``compact`` (after the same folding, so a
    traditional entry in a list still matches); English words as whole words
    (a trailing ``*`` allows any ending: ``repay*``); pinyin syllable
    by syllable in ``words``.
    """
    found: list[str] = []
    for word in dict.fromkeys(chinese):
        if not word:
            continue
        if _is_latin(word):
            if _english_hit(folded, word.lower()):
                found.append(word)
        elif _compact_word(word) in folded.compact:
            found.append(word)
    found.extend(w for w in dict.fromkeys(english) if _english_hit(folded, w))
    found.extend(w for w in dict.fromkeys(pinyin) if _pinyin_pattern(w).search(folded.words))
    return found


@functools.cache
def _pinyin_pattern(syllables: str) -> re.Pattern[str]:
    # Syllable by syllable, so "yu qi" is found in "yuqi" and "yú-qī le" but
    # not in the name "Yu Qing".
    parts = [re.escape(p) for p in syllables.split()]
    return re.compile(r"\b" + r"\s*".join(parts) + r"(?:\s*(?:le|de|la))?\b")


@functools.cache
def _compact_word(word: str) -> str:
    return fold(word).compact


@functools.cache
def _word_pattern(word: str) -> re.Pattern[str]:
    stem = word.rstrip("*")
    tail = r"[a-z]*" if word.endswith("*") else ""
    parts = [re.escape(p) for p in stem.split()]
    return re.compile(r"\b" + r"\s*".join(parts) + tail + r"\b")


def _english_hit(folded: Folded, word: str) -> bool:
    return bool(_word_pattern(word).search(folded.words))
