"""Amounts of money in an article: the number with its scale applied, in the currency written.

"$5 billion" is 5000000000 USD, "€300 million" 300000000 EUR, "CZK 407 billion" 407000000000
CZK, "£2bn" 2000000000 GBP. Nothing is ever converted. Where the sign does not settle the
currency, these rules do (and say so in the tests):
- "$" alone is the US dollar, as in the international press; "US$", "C$", "A$", "HK$"… are the
  dollars they name.
- "¥" is the Japanese yen unless the sentence, or else the article, speaks of yuan, renminbi,
  RMB or CNY.
- "Rs", "rupees" are the rupee of the country the sentence names (Pakistan: PKR, India: INR, Sri
  Lanka: LKR, Nepal: NPR…), else of the rupee country the article names most; with none, or a
  tie, the currency is left empty for the editor to choose.
- A word ("dollars", "euros", "yuan", "pounds") after the number counts like a sign before it;
  "dollars" and "pounds" follow the same country rule where a country has its own (Canadian
  dollars, Egyptian pounds), and are USD and GBP otherwise.
- A three-letter code before or after the number counts if ISO 4217 knows it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pycountry

SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mln": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bln": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
    "lakh": 10**5,
    "lakhs": 10**5,
    "crore": 10**7,
    "crores": 10**7,
}

# Signs written before the number. An empty value means "decided by the country rule" below.
SIGNS = {
    "US$": "USD",
    "U.S.$": "USD",
    "$": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "CN¥": "CNY",
    "₹": "INR",
    "₨": "",
    "Rs.": "",
    "Rs": "",
    "₺": "TRY",
    "₽": "RUB",
    "₩": "KRW",
    "₦": "NGN",
    "₱": "PHP",
    "₫": "VND",
    "₴": "UAH",
    "₪": "ILS",
    "฿": "THB",
    "Tk": "BDT",
    "KSh": "KES",
    "Kč": "CZK",
    "zł": "PLN",
    "RM": "MYR",
    "Rp": "IDR",
    "₲": "PYG",
}

# Words written after the number, and the currency each means ("" for the country rule).
WORDS = {
    "dollars": "",
    "dollar": "",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "",
    "pound": "",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupees": "",
    "rupee": "",
    "lira": "TRY",
    "liras": "TRY",
    "roubles": "RUB",
    "rubles": "RUB",
    "won": "KRW",
    "naira": "NGN",
    "rand": "ZAR",
    "reais": "BRL",
    "real": "BRL",
    "koruna": "CZK",
    "korunas": "CZK",
    "crowns": "",
    "zlotys": "PLN",
    "zloty": "PLN",
    "forints": "HUF",
    "forint": "HUF",
    "taka": "BDT",
    "shillings": "",
    "pesos": "",
    "dirhams": "",
    "riyals": "",
    "francs": "",
    "dinars": "",
    "CFA francs": "",
    "Swiss francs": "CHF",
    "baht": "THB",
    "emalangeni": "SZL",
    "lilangeni": "SZL",
    "cedis": "GHS",
    "birr": "ETB",
    "kwacha": "",
    "manat": "",
    "tenge": "KZT",
    "lari": "GEL",
    "drams": "AMD",
    "hryvnias": "UAH",
    "hryvnia": "UAH",
    "denars": "MKD",
    "rupiah": "IDR",
    "ringgit": "MYR",
    "dong": "VND",
    "kyat": "MMK",
    "afghanis": "AFN",
    "soles": "PEN",
    "bolivianos": "BOB",
    "kwanza": "AOA",
    "meticais": "MZN",
    "pula": "BWP",
    "krona": "",
    "kronor": "",
    "krone": "",
    "kroner": "",
    "lei": "",
    "leva": "BGN",
    "guaraníes": "PYG",
    "guaranies": "PYG",
    "guaranís": "PYG",
    "guaranis": "PYG",
    "quetzales": "GTQ",
    "lempiras": "HNL",
    "colones": "CRC",
    "córdobas": "NIO",
    "cordobas": "NIO",
    "bolívares": "VES",
    "bolivares": "VES",
    "tugriks": "MNT",
    "riels": "KHR",
    "kina": "PGK",
    "rufiyaa": "MVR",
    "ariary": "MGA",
    "dalasi": "GMD",
    "leones": "SLE",
}

# Where a word or sign is shared, the country's own: "rupees" in a Pakistani story are PKR.
COUNTRY_CURRENCIES = {
    "rupees": {"PK": "PKR", "IN": "INR", "LK": "LKR", "NP": "NPR", "MU": "MUR", "SC": "SCR"},
    "dollars": {
        "US": "USD",
        "CA": "CAD",
        "AU": "AUD",
        "NZ": "NZD",
        "SG": "SGD",
        "HK": "HKD",
        "TW": "TWD",
        "JM": "JMD",
    },
    "pounds": {"EG": "EGP", "LB": "LBP", "SD": "SDG", "SS": "SSP", "SY": "SYP"},
    "shillings": {"KE": "KES", "UG": "UGX", "TZ": "TZS", "SO": "SOS"},
    "pesos": {
        "DO": "DOP",
        "MX": "MXN",
        "AR": "ARS",
        "CO": "COP",
        "CL": "CLP",
        "PH": "PHP",
        "UY": "UYU",
        "CU": "CUP",
    },
    "dirhams": {"AE": "AED", "MA": "MAD"},
    "riyals": {"SA": "SAR", "QA": "QAR", "OM": "OMR", "YE": "YER"},
    "francs": {
        **dict.fromkeys(["BJ", "BF", "CI", "GW", "ML", "NE", "SN", "TG"], "XOF"),
        **dict.fromkeys(["CM", "CF", "TD", "CG", "GQ", "GA"], "XAF"),
        "CH": "CHF",
        "RW": "RWF",
        "GN": "GNF",
        "BI": "BIF",
        "DJ": "DJF",
        "KM": "KMF",
        "CD": "CDF",
    },
    "dinars": {"IQ": "IQD", "KW": "KWD", "JO": "JOD", "BH": "BHD", "DZ": "DZD", "TN": "TND", "RS": "RSD"},
    "crowns": {"CZ": "CZK", "SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK"},
    "kwacha": {"ZM": "ZMW", "MW": "MWK"},
    "manat": {"AZ": "AZN", "TM": "TMT"},
    "lei": {"RO": "RON", "MD": "MDL"},
}
DEFAULTS = {"dollars": "USD", "pounds": "GBP"}
_FAMILY = {
    "Rs.": "rupees",
    "Rs": "rupees",
    "₨": "rupees",
    "rupee": "rupees",
    "dollar": "dollars",
    "pound": "pounds",
    "cfa francs": "francs",
    "krona": "crowns",
    "kronor": "crowns",
    "krone": "crowns",
    "kroner": "crowns",
}

_ISO = {currency.alpha_3 for currency in pycountry.currencies}
_SIGN = "|".join(re.escape(sign) for sign in sorted(SIGNS, key=len, reverse=True))
_NUMBER = r"(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = (
    r"(?:[\s-]*(?P<scale>thousand|million|billion|trillion|mln|bln|trn|lakhs?|crores?|mn|bn|tn|k|m|b)"
    r"(?![a-z]))?"
)
_WORD = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(WORDS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?:(?<![A-Za-z])(?P<sign>{_SIGN})\s?|\b(?P<code>[A-Z]{{3}})\s?)"
    rf"{_NUMBER}{_SCALE}"
    rf"|(?<![\w.,]){_NUMBER.replace('<n>', '<n2>')}{_SCALE.replace('<scale>', '<scale2>')}"
    # "50 billion Egyptian pounds": an adjective may name the country between number and word.
    rf"\s+(?:(?:[A-Z][a-z]+\s+)?(?P<word>{_WORD})\b|(?P<code2>[A-Z]{{3}})\b)"
)
_CNY = re.compile(r"\b(?:yuan|renminbi|RMB|CNY)\b", re.IGNORECASE)


@dataclass
class FoundAmount:
    amount: Decimal
    currency: str
    text: str
    start: int
    end: int


def find_amounts(
    text: str, *, sentences: list[tuple[int, int]], mentions: list[tuple[str, int]] = ()
) -> list[FoundAmount]:
    """Every amount of money in ``text``. ``mentions`` are the article's (country code, position)
    pairs, used only where the sign or word leaves the currency open."""
    found = []
    for match in _AMOUNT.finditer(text):
        number = match["n"] or match["n2"]
        scale = (match["scale"] or match["scale2"] or "").lower()
        code = match["code"] or match["code2"]
        if code and code not in _ISO:
            continue
        if match["sign"] is None and code is None and match["word"] is None:
            continue
        if scale in {"m", "b", "k"} and (match["sign"] is None and code is None):
            continue  # "5 m dollars" is rare; "5 m" alone is metres
        try:
            amount = Decimal(number.replace(",", "")) * SCALES.get(scale, 1)
        except InvalidOperation:
            continue
        if amount == amount.to_integral_value():
            amount = amount.quantize(Decimal(1))
        start, end = match.span()
        sentence = next(((s, e) for s, e in sentences if s <= start < e), (0, len(text)))
        currency = code
        if not currency:
            written = match["sign"] or " ".join(match["word"].split()).lower()
            currency = _currency(written, text, sentence, (start, end), mentions)
        found.append(FoundAmount(amount, currency, text[start:end], start, end))
    return found


def _currency(written: str, text: str, sentence: tuple[int, int], span: tuple[int, int], mentions) -> str:
    if written in SIGNS and SIGNS[written]:
        if SIGNS[written] == "JPY" and (_CNY.search(text, *sentence) or _CNY.search(text)):
            return "CNY"
        return SIGNS[written]
    words = {word.lower(): currency for word, currency in WORDS.items()}
    if words.get(written):
        return words[written]
    family = _FAMILY.get(written, written)
    choices = COUNTRY_CURRENCIES.get(family, {})
    # The country written with the amount ("Egyptian pounds"), else the one named last before it in
    # its sentence ("Uganda pledged 1.1 trillion shillings").
    written_with = [code for code, at in mentions if span[0] <= at < span[1] and code in choices]
    before = [code for code, at in mentions if sentence[0] <= at < span[0] and code in choices]
    if written_with or before:
        return choices[(written_with or before)[-1]]
    in_sentence = Counter(
        code for code, at in mentions if sentence[0] <= at < sentence[1] and code in choices
    )
    in_article = Counter(code for code, _ in mentions if code in choices)
    for counts in (in_sentence, in_article):
        ranked = counts.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return choices[ranked[0][0]]
    return DEFAULTS.get(family, "")
