"""Who is named in a sentence: people with their role, as Indonesian news writes them.

"Bupati Lumajang Thoriqul Haq", "AKBP Eka Yekti Hananto Seno, Kapolres
Lumajang", "Kepala Satuan Polisi Pamong Praja (Satpol PP) Kabupaten
Lumajang, Matali Bilogo": a role starts with a position word and runs over
institution words, place names, numbers and bracketed acronyms; ranks and
academic titles are dropped from names (before the name, or after it past a
comma: "Lilik Suharyanto, S.Pd"); a comma pairs a role with a name on either
side.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass

#: Words that open a position ("Bupati", "Kepala", "Dandim"), lower-cased.
ROLE_HEADS = frozenset("""
bupati wabup wakil sekda sekretaris kepala kadis kaban kasat kasi kabid kabag camat lurah kades kapolres kapolsek
kapolda dandim danramil danrem pangdam ketua direktur dirut gubernur wagub menteri presiden asisten staf
plt plh kalaksa koordinator komandan kasatpol kasatreskrim kasatlantas kasubag kasubbag kepsek bupati
ketum sekjen bendahara anggota juru jubir pimpinan kasie kapus karumkit dirjen walikota wali
pendamping penyuluh petugas pengawas pembina penanggung
""".split())
#: Words that continue a role after its head (institutions, units, generic places), lower-cased.
ROLE_WORDS = frozenset("""
bupati kabupaten kab kecamatan kota desa kelurahan provinsi daerah dinas badan kantor satuan polisi pamong praja
kesehatan pendidikan sosial umum kepolisian resor resort sektor militer komando distrik rayon pemerintah pemkab
bagian bidang seksi perhubungan pertanian lingkungan hidup komunikasi informatika penanggulangan bencana
rumah sakit puskesmas pekerjaan perumahan kependudukan pencatatan sipil pariwisata kebudayaan pemuda olahraga
perdagangan perindustrian koperasi usaha mikro ketahanan pangan perikanan peternakan kehutanan tenaga kerja
keuangan aset pendapatan perencanaan pembangunan penelitian inspektorat sekretariat dewan perwakilan rakyat
pemadam kebakaran lalu lintas reserse kriminal intelijen operasional hukum hubungan masyarakat protokol
tim gugus tugas percepatan penanganan satgas forum pimpinan harian pelaksana administrasi kesejahteraan
perekonomian pemerintahan sumber daya manusia air jalan jembatan tata ruang cipta karya dan bpbd rsud dprd
umum wilayah cabang regional pusat negeri swasta sekolah madrasah satpol satlantas satreskrim satbinmas polres
polsek kodim koramil bappeda diskominfo dinkes dispendukcapil tp pkk kominfo prokopim setda sekretaris pelaksana
tingkat kesatuan bangsa politik linmas damkar kepegawaian pengembangan jawab
pemberdayaan masyarakat perempuan perlindungan anak keluarga berencana penduduk
""".split())
#: Place names of the regency (its 21 kecamatan) and its neighbours: they belong to roles, not names.
PLACES = frozenset("""
lumajang pasirian tempeh candipuro pronojiwo tempursari kunir yosowilangun rowokangkung jatiroto randuagung
sukodono padang pasrujambe senduro gucialit kedungjajang klakah ranuyoso tekung sumbersuko jawa timur jatim
indonesia ri probolinggo jember malang surabaya
""".split())
#: Ranks and titles dropped from a name (police, army, academic, religious), lower-cased without dots.
RANKS = frozenset("""
akbp akp kompol iptu ipda aiptu aipda bripka brigpol brigadir briptu bripda kombes irjen brigjen jenderal
letkol kolonel kol mayor kapten lettu letda serma serka sertu serda pelda peltu kopka kopda koptu praka pratu prada
sersan kopral letnan mayjen letjen bharada bharaka bharatu laksma marsma marsda
inf kav art czi arh kes chk cpl laut pnb mar
dr drs dra drg drh ir prof h hj kh ny tn sdr bapak ibu pak bu ns
s sos si sh se st mm mh msi mpd spd skm mkes mt mba mkn amd ssos spsi spi
pd kom ag hum kep ked farm ip skom sag shum skep sked sfarm sip mag mhum mkom mkep mip
""".split())
#: Honorifics before a nickname ("Cak Thoriq", "Bunda Indah").
HONORIFICS = frozenset("cak mas mbak bang gus ning bunda abah kang mbah om ustadz ustad kiai kyai".split())
#: Capitalised words that start sentences and are nobody's name.
STOPWORDS = frozenset("""
di dalam sementara menurut selanjutnya hal ini itu para sedangkan saat ketika kemudian selain namun tetapi
bahkan oleh pada untuk dengan bagi ia dia beliau kami kita mereka saya sang adapun selama sejak setelah
sebelum agar supaya jika apabila karena sehingga meski meskipun walaupun dari ke yang acara kegiatan rapat
hingga sampai tahun hari bulan minggu senin selasa rabu kamis jumat sabtu januari februari maret april mei juni juli agustus
september oktober november desember lebih juga sebagai atas terkait usai sebanyak semua seluruh tak tidak
melalui anggaran program warga masyarakat pemerintah alhamdulillah insya allah bersama kepada menjelang
jelang guna demi tentang sekitar antara tercatat total jumlah selasa ada tapi lalu maka jadi baik bila kalau
salah seorang satu
""".split())
#: Stop words that are also given names ("Hari Susiyanto"): a name when more name words follow.
NAME_LIKE_STOPWORDS = frozenset({"hari"})
#: Words after "Hari" that make it a day of observance ("Hari Raya", "Hari Santri Nasional"), not a name.
OBSERVANCE_WORDS = frozenset("""
raya jadi santri kartini pahlawan kemerdekaan ibu guru anak buruh bumi lahir ulang besar nasional sumpah kebangkitan
bhayangkara pers air pangan tani lingkungan amal bakti bhakti disabilitas aids kanker jantung gizi keluarga pramuka
kesaktian juang otonomi bela anti tanpa peduli veteran statistik museum dharma krida
""".split())
PRONOUNS = frozenset("ia dia beliau".split())
#: Position words that name no one alone: a head needing what it heads ("Kepala perangkat daerah
#: diminta ...": every head of an office), unlike "Bupati" or "Camat", each one person.
GENERIC_HEADS = frozenset("""
kepala ketua wakil sekretaris direktur asisten staf koordinator komandan anggota pimpinan petugas pendamping
penyuluh pengawas pembina penanggung juru kasi kasie kabid kabag kasubag kasubbag plt plh
""".split())
#: The word that introduces a name as a person's ("petani bernama Samsuri").
NAMING_WORD = "bernama"
_ROLE_OR_PLACE_WORDS = ROLE_WORDS | PLACES
#: Lower-case words that may join two halves of an institution's name.
ROLE_JOINERS = frozenset({"dan", "&"})
#: Words that make a capitalised run an office or a region, never a person's name.
OFFICE_WORDS = frozenset("""
dinas badan kantor balai upt provinsi kabupaten kecamatan kelurahan pemerintah pemkab pemprov sekretariat satuan
""".split())
#: Words after which the next capitalised word is a place ("Kepala Desa Sumbermujur").
PLACE_MARKERS = frozenset("desa kelurahan kecamatan kabupaten kab kota dusun provinsi kec kel wilayah".split())

#: What links a name to the role after it: "AKBP Eka Yekti Hananto Seno selaku Kapolres Lumajang".
ROLE_LINK_RE = re.compile(r"\s*,?\s*(?:selaku|sebagai)\s+", re.IGNORECASE)
#: An age in brackets after a name ("Suminah (62)"): only people have one.
AGE_RE = re.compile(r"^\(\s*\d{1,3}\s*(?:th|tahun)?\s*\)$", re.IGNORECASE)
_WORD_BEFORE_COMMA_RE = re.compile(r"(\S+),\s*$")
AGE_AFTER_RE = re.compile(r"\s*\(\s*\d{1,3}\s*(?:th|tahun)?\s*\)")

_TOKEN_RE = re.compile(
    r"\((?P<paren>[^()]{1,60})\)|(?P<word>[A-Za-z][\w'’-]*)(?P<dot>\.)?|(?P<num>\d[\d.]*)|(?P<comma>,)|(?P<stop>[.;:!?\"“”])|\S"
)
#: One token of a run of capitalised words: ``(kind, text, key)``, ``kind`` one of "word",
#: "paren", "num" and ``key`` the text's :func:`_key`.
Token = tuple[str, str, str]
Tokens = tuple[Token, ...]


#: Stretches of text that may hold a name: from a capital (or "dr.") over everything but lower-case
#: words, which end it unless they join an institution ("dan") or are a title ("dr.").
#: Written to start with a plain character class (a capital, or the d/i/h/p of a title) so that
#: the regex engine skips lower-case prose at C speed, and with possessive runs: 3x faster than
#: the same language written with leading look-behinds.
_REGION_BODY = r"(?:[^a-z]++|(?<=[A-Za-z0-9'’-])[a-z]++|(?<![\w'’-])(?:dan|dr|drs|dra|drg|drh|ir|hj|prof)\b)*+"
_REGION_RE = re.compile(
    r"[A-Zdhip](?<![\w'’-][A-Zdhip])(?:(?<=[A-Z])|(?<=d)r[sagh]?\.|(?<=i)r\.|(?<=h)j\.|(?<=p)rof\.)" + _REGION_BODY
)
#: The same stretches in a text with no lower-case title in it (nearly every text): starting at
#: capitals only, the engine no longer stops at every d, h, i and p of the prose (a fifth fewer
#: instructions for the scan).
_CAPITAL_REGION_RE = re.compile(r"[A-Z](?<![\w'’-][A-Z])" + _REGION_BODY)
_CAPITAL_RE = re.compile(r"[A-Z]")
_LAST_WORD_RE = re.compile(r"([A-Za-z]+)$")
_LETTERS_AND_NEWLINE = string.ascii_letters + "\n"
#: A sentence end: a stop before a space or the end, or a bracket or a dash after a space.  Written
#: to start with one character class, which the regex engine skips to at C speed (a leading
#: alternation it tries at every position: a third more instructions).
_SENTENCE_END_RE = re.compile(r"[.;!?\s](?:(?<=[.;!?])(?=\s|$)|(?<=\s)\(|(?<=\s)[-–]\s)")


@dataclass(slots=True)
class Mention:
    """A person named in the text: ``name`` and/or ``role``.

    ``vouched`` when something besides capitals says the name is a person's: a rank or title
    ("AKBP", "H."), an age ("Suminah (62)"), an appositive after a description
    ("Salah seorang sopir angkutan, Rudi,"), or "bernama" ("petani bernama Samsuri").
    """

    name: str | None
    role: str | None
    start: int
    vouched: bool = False
    nickname: str | None = None


def _key(word: str) -> str:
    return word.lower().replace(".", "")


def _is_capital(word: str) -> bool:
    return word[:1].isupper()


#: One run of capitalised words of a stretch, with everything :func:`iter_mentions` asks of it:
#: ``(start, tokens, sep, mention, bare_name, chain)`` (see :func:`_region_segments`).
Segment = tuple[int, Tokens, str, tuple[str | None, str | None, bool, str | None], bool, tuple[str, str, bool, int, str] | None]


@functools.lru_cache(maxsize=8192)
def _region_segments(region: str) -> tuple[Segment, ...] | None:
    """The segments of one stretch, memoised: "Bupati Lumajang", "Selanjutnya," recur on every page.

    ``None`` for a one-word stretch that names no one: most stretches are one sentence-opening
    word ("Di", "Selanjutnya,") or one institution or place word ("Kabupaten", "Lumajang").

    Each segment is ``(start, tokens, sep, mention, bare_name, chain)``: ``start`` relative to
    the stretch; ``sep`` what follows the run: ``","``, ``"dan"`` (a joiner inside a longer
    stretch) or ``""``.  The rest are pure functions of the stretch, so they are worked out
    once, when the stretch is first seen, and not for every text it is in: ``mention`` is
    ``(name, role, vouched, nickname)``; ``bare_name`` when the run is a name with no role or
    title to vouch for it (an appositive may: "..., Rudi Hartono,"); ``chain`` is ``(name, role, vouched, index after the
    name, the name's separator)`` when the run opens "ROLE [dan ROLE], NAME".  What is rarely
    asked (whether the run is titles only, or opens a role after "selaku") is asked of
    ``tokens`` when it is.  Tuples: a dataclass instance cost a tenth of a new stretch's time.
    """
    words = region.split(None, 1)  # (one split tells a one-word stretch)
    if len(words) == 1:
        word = words[0].strip(",.;:!?\"“”")
        key = _key(word)
        if key in STOPWORDS:
            return None
        if word.isalpha() and not word.isupper() and key not in ROLE_HEADS and key not in RANKS and key not in HONORIFICS:
            if key in ROLE_WORDS or key in PLACES:
                return None
            # One plain capitalised word ("Yulianto"): a name-only segment, no tokenising.
            return (_segment([(0, (("word", word, key),), "," if words[0].endswith(",") else "")], 0),)
    runs = _tokenise_region(region)
    return tuple([_segment(runs, index) for index in range(len(runs))])


def _segment(runs: list[tuple[int, Tokens, str]], index: int) -> Segment:
    start, tokens, sep = runs[index]
    mention = _classify_mention(tokens)
    name, role, vouched, _ = mention
    bare_name = bool(name and not role and not vouched)
    return start, tokens, sep, mention, bare_name, _read_role_chain(runs, index) if sep else None


def _tokenise_region(region: str) -> list[tuple[int, Tokens, str]]:
    """The runs of capitalised tokens of a stretch, each ``(start, tokens, separator)``.

    Each token carries its key (:func:`_key`), worked out once here: the classification of a
    run looks each word up in several vocabularies.
    """
    runs: list[tuple[int, Tokens, str]] = []
    segment: list[Token] = []
    start = 0
    for at, kind, text in _region_tokens(region):
        if kind == "word" or kind == "word.":
            key = text.lower()  # a word holds no dot: its key is its lower case
            if text in ROLE_JOINERS and segment and segment[-1][2] in ROLE_WORDS:
                segment.append(("word", text, key))  # "Dinas Ketahanan Pangan dan Pertanian"
                continue
            if text[0].isupper() or key in RANKS:
                if not segment:
                    start = at
                segment.append(("word", text, key))
                if kind == "word." and key not in RANKS and len(text) > 1:
                    runs.append((start, tuple(segment), ""))  # a sentence ends here
                    segment = []
                continue
            sep = "dan" if text in ROLE_JOINERS else ""
        elif segment and (kind == "paren" or kind == "num"):
            segment.append((kind, text, _key(text)))
            continue
        else:
            sep = "," if kind == "," else ""
        if segment:
            runs.append((start, tuple(segment), sep))
            segment = []
    if segment:
        runs.append((start, tuple(segment), ""))
    return runs


def _region_tokens(region: str) -> list[tuple[int, str, str]]:
    """The tokens of a stretch as ``(start, kind, text)``: kind "word", "word." (with its dot),
    "paren", "num", "," or "mark" (anything else), as :data:`_TOKEN_RE` reads them."""
    tokens = _plain_tokens(region)
    if tokens is not None:
        return tokens
    tokens = []
    for match in _TOKEN_RE.finditer(region):
        paren, word, dot, num, comma, _ = match.groups()
        if word is not None:
            tokens.append((match.start(), "word." if dot else "word", word))
        else:
            kind = "paren" if paren is not None else "num" if num is not None else "," if comma is not None else "mark"
            tokens.append((match.start(), kind, match.group(0)))
    return tokens


def _plain_tokens(region: str) -> list[tuple[int, str, str]] | None:
    """:func:`_region_tokens` of an ASCII stretch of plain chunks between single spaces, else ``None``.

    Plain chunks are what nearly every stretch holds: a word ("Alun-alun") with at most a comma
    or a full stop after it, digits (and dots) with at most a comma after, and a bracket closed
    within the chunk ("(21/12/23).").  No token of the regex spans a space there, and each
    chunk is the tokens written here; read with string methods, a chunk costs a fifth of a
    regex match object.
    """
    if not region.isascii():
        return None
    tokens: list[tuple[int, str, str]] = []
    at = 0
    for chunk in region.split(" "):
        if not chunk:
            at += 1
            continue
        first, last = chunk[0], chunk[-1]
        if first.isalpha():
            word = chunk[:-1] if last == "," or last == "." else chunk
            if not word.isalnum() and not word.replace("-", "").replace("'", "").replace("_", "").isalnum():
                return None  # a word is a letter, then letters, digits, "_", "'" and "-"
            tokens.append((at, "word." if last == "." else "word", word))
        elif first.isdigit():
            number = chunk[:-1] if last == "," else chunk
            if not number.replace(".", "").isdigit():
                return None
            tokens.append((at, "num", number))
        elif first == "(":
            close = chunk.find(")")
            if not 1 < close <= 61 or "(" in chunk[1:close] or close < len(chunk) - 2:
                return None  # empty, too long for the token, spanning a space or nested
            tokens.append((at, "paren", chunk[:close + 1]))
            if close == len(chunk) - 2:  # one character after the bracket
                if last == ".":
                    tokens.append((at + close + 1, "mark", "."))
                elif last != ",":
                    return None
        else:
            return None
        at += len(chunk)
        if last == ",":
            tokens.append((at - 1, ",", ","))
        at += 1
    return tokens


@functools.lru_cache(maxsize=8192)
def _classify(tokens: Tokens) -> tuple[str | None, str | None, bool, str | None]:
    """``(name, role, vouched, nickname)`` of one run of capitalised tokens."""
    while tokens and tokens[0][0] == "word" and tokens[0][2] in STOPWORDS and not (
        tokens[0][2] in NAME_LIKE_STOPWORDS and _opens_name(tokens)  # (rarely: a call per sentence opener cost)
    ):
        tokens = tokens[1:]
    if not tokens:
        return None, None, False, None
    role: list[str] = []
    name: list[str] = []
    vouched = False
    nickname = None
    index = 0
    if _opens_role(tokens):
        while index < len(tokens):
            kind, value, key = tokens[index]
            if value in ROLE_JOINERS and index + 1 < len(tokens) and tokens[index + 1][2] in ROLE_WORDS:
                role.append(value)
                index += 1
            elif (
                key in ROLE_WORDS or key in PLACES or key in ROLE_HEADS or kind in ("num", "paren")
                or (value.isupper() and len(value) > 1 and key not in RANKS)
                or (index > 0 and tokens[index - 1][2] in PLACE_MARKERS and _is_capital(value))  # after "Desa"
                or _before_acronym(tokens, index)
            ):
                role.append(value)
                index += 1
            else:
                break
    for kind, value, key in tokens[index:]:
        if kind == "paren" and name and AGE_RE.match(value):
            vouched = True  # "Suminah (62)": an age is said of a person
            continue
        if kind != "word":
            continue
        if key in RANKS:
            vouched = True
            continue
        if key in HONORIFICS and not name:
            nickname = ""
            continue
        if (key in STOPWORDS and (name or key not in NAME_LIKE_STOPWORDS)) or value.isupper() or key in ROLE_HEADS or value in ROLE_JOINERS or (
            not value.isalpha() and any(c.isdigit() for c in value)  # a letter is never a digit: most words skip the scan
        ):
            break
        name.append(value)
    if nickname is not None:
        nickname = " ".join(name) or None
        name = [] if nickname else name
    return (" ".join(name) or None), (" ".join(role) or None), vouched, nickname


@functools.lru_cache(maxsize=8192)
def _classify_mention(tokens: Tokens) -> tuple[str | None, str | None, bool, str | None]:
    """:func:`_classify`, where a name holding an office's or a region's word names no one.

    "Kepala Dinas Pekerjaan Umum Bina Marga Provinsi Jawa Timur": the capitals after the
    head are the office's name, so the role names no one ("Pemerintah Provinsi" neither).
    """
    name, role, vouched, nickname = _classify(tokens)
    if name and _names_office(name):
        return None, f"{role} {name}" if role else None, False, nickname
    return name, role, vouched, nickname


def _opens_name(tokens: Tokens) -> bool:
    """A run opening with a stop word that is also a given name, followed by another name word ("Hari Susiyanto")."""
    if len(tokens) < 2 or tokens[0][2] not in NAME_LIKE_STOPWORDS:
        return False
    kind, value, key = tokens[1]
    return (
        kind == "word" and _is_capital(value) and not value.isupper() and value.isalpha()
        and not any(key in words for words in (STOPWORDS, OBSERVANCE_WORDS, ROLE_HEADS, ROLE_WORDS, PLACES, RANKS))
    )


def _opens_role(tokens: Tokens) -> bool:
    return bool(tokens) and tokens[0][0] == "word" and tokens[0][2] in ROLE_HEADS


def _titles_only(tokens: Tokens) -> bool:
    """A run of academic titles and initials only ("M.M.", "S.Sos", "M.Si")."""
    for kind, value, key in tokens:
        if kind != "word" or (key not in RANKS and len(value) != 1):
            return False
    return True


def _linked_role(tokens: Tokens) -> str:
    """The role after "selaku"/"sebagai", up to the first word that starts another phrase ("Senin")."""
    kept: list[str] = []
    for kind, value, key in tokens:
        if kept and kind == "word" and key in STOPWORDS:
            break
        kept.append(value)
    return " ".join(kept)


def _role_text(tokens: Tokens) -> str:
    """A whole run read as a role ("Ketua Satgas Covid-19 Kecamatan Sukodono")."""
    while tokens and tokens[0][0] == "word" and tokens[0][2] in STOPWORDS:
        tokens = tokens[1:]
    return " ".join([value for _, value, _ in tokens])


def _before_acronym(tokens: Tokens, index: int) -> bool:
    """A word right before an all-caps acronym names a unit ("Satpol PP", "TP PKK")."""
    if index + 1 >= len(tokens):
        return False
    kind, following, key = tokens[index + 1]
    return kind == "word" and following.isupper() and len(following) > 1 and key not in RANKS


def cut_at_sentence_end(text: str) -> str:
    """``text`` up to its first sentence end, not counting the dot of a title ("dr.", "Dra.", "Inf.").

    The word before a dot is searched for from where the letters before the dot begin (its
    pattern's ``$`` may also stand before a final newline): searched from the front, the
    regex would try every letter of the text before it.
    """
    for match in _SENTENCE_END_RE.finditer(text):
        end = match.start()
        if match.group(0).startswith("."):
            word = _LAST_WORD_RE.search(text, len(text[:end].rstrip(_LETTERS_AND_NEWLINE)), end)
            if word and (_key(word.group(1)) in RANKS or len(word.group(1)) == 1):
                continue
        return text[:end]
    return text


def iter_mentions(text: str) -> list[Mention]:
    """Every :class:`Mention` in ``text`` in order (a list: callers read them all).

    A comma pairs a role with a name beside it; in "ROLE, NAME" everything from
    the position word to the comma is the role, capitalised words and "dan"
    included ("Ketua Forum Anak Lumajang, Nadia Putri Rahmawati"); "selaku" or
    "sebagai" hands a name its role ("AKBP Eka ... selaku Kapolres Lumajang").
    Only the stretches that can hold a name are read, a comma never pairing words
    across the lower-case prose between two stretches.
    """
    if not text or text.islower():
        return []  # no capital, so no stretch: most texts before and between quotations ("", ", ujarnya. ")
    found: list[Mention] = []
    pending: Mention | None = None
    pending_sep = ""
    gap_from: int | None = None  # where the stretch holding ``pending`` ended
    # What every lower-case title that opens a stretch contains ("dr.", "drs.", "ir.", "hj.", "prof."),
    # checked with four substring searches (``any()`` over a tuple cost more than them).
    if "dr" in text or "ir." in text or "hj." in text or "prof." in text:
        stretches = _REGION_RE.finditer(text) if _CAPITAL_RE.search(text) else ()
    else:
        stretches = _CAPITAL_REGION_RE.finditer(text)  # starts at a capital: a text with none has no stretch
    for stretch in stretches:
        segments = _region_segments(stretch.group())
        if segments is None:
            continue
        offset = stretch.start()
        index = 0
        while index < len(segments):
            start, tokens, sep, mention, bare_name, chain = segments[index]
            start += offset
            if chain is not None:
                if pending:
                    found.append(pending)
                # The name's own separator: "ROLE, NAME, S.Pd, ..." goes on to the name's degree.
                chain_name, chain_role, chain_vouched, index, pending_sep = chain
                pending, gap_from = Mention(chain_name, chain_role, start, chain_vouched), None
                continue
            name, role, vouched, nickname = mention
            index += 1
            if pending and pending_sep == "," and _titles_only(tokens):
                pending.vouched = True  # "Drs. Hadi Susilo, M.M. sebagai ...": the degree after the name's comma
                pending_sep = ""
                continue
            if name is None and role is None and nickname is None:
                if pending:
                    found.append(pending)
                pending, pending_sep, gap_from = None, "", None
                continue
            if bare_name and _is_introduced(text, start, len(name or ""), sep):
                vouched = True
            current = Mention(name, role, start, vouched, nickname)
            if pending and gap_from is not None:
                if pending.name and not pending.role and _opens_role(tokens) and ROLE_LINK_RE.fullmatch(text, gap_from, start):
                    # After "selaku"/"sebagai" the whole run is the role: "Ketua BPD Sumberwuluh" names no one.
                    pending.role = _linked_role(tokens)
                    found.append(pending)
                    pending, pending_sep, gap_from = None, "", None
                    continue
                found.append(pending)
                pending = None
            elif pending and pending_sep == "," and _pairs(pending, current):
                pending.name = pending.name or current.name
                pending.role = pending.role or current.role
                pending.vouched = pending.vouched or current.vouched
                found.append(pending)
                pending, pending_sep, gap_from = None, "", None
                continue
            elif pending:
                found.append(pending)
            pending, pending_sep, gap_from = current, sep, None
        if pending is not None and gap_from is None:
            gap_from = stretch.end()
    if pending:
        found.append(pending)
    return found


def _read_role_chain(
    runs: list[tuple[int, Tokens, str]], index: int
) -> tuple[str, str, bool, int, str] | None:
    """``(name, role, vouched, next index, the name's separator)`` for "ROLE [dan ROLE], NAME" at ``index``.

    ``None`` when the runs of the stretch from ``index`` are not that: a chain never leaves its stretch.
    """
    _, tokens, sep = runs[index]
    if not _opens_role(tokens):
        return None
    parts = [_role_text(tokens)]
    last = index
    while sep == "dan" and last + 1 < len(runs):
        last += 1
        _, more, sep = runs[last]
        parts.append("dan " + _role_text(more))
    if sep != "," or last + 1 >= len(runs):
        return None
    if _classify(tokens)[2]:
        return None  # "Kapolres Lumajang AKBP Eka ..., ...": the rank already placed the name
    _, name_tokens, name_sep = runs[last + 1]
    name, role, vouched, nickname = _classify(name_tokens)
    if not name or role or nickname or not plausible_name(name):
        return None
    return name, " ".join(parts), vouched, last + 2, name_sep


def _is_introduced(text: str, start: int, length: int, sep: str) -> bool:
    """A name the sentence introduces as a person's: set off by commas after a lower-case
    description ("Salah seorang sopir angkutan, Rudi,", "Salah satu peserta, Rudi Hartono,"),
    or right after "bernama" ("milik petani bernama Samsuri").

    The comma right before the name is checked first, with plain string methods: most names
    have none, and the regex tries every position of the 40 characters before giving up.
    """
    window = max(0, start - 40)
    before_name = text[window:start].rstrip()
    if before_name.lower().endswith(NAMING_WORD):
        return True
    if not before_name.endswith(","):
        return False
    before = _WORD_BEFORE_COMMA_RE.search(text, window, start)
    if before is None or not before.group(1).islower():
        return False  # "di Kediri, Blitar, dan ...": a list of names, not a description then a name
    return sep == "," or bool(AGE_AFTER_RE.match(text, start + length))


def plausible_name(name: str) -> bool:
    """Whether capitalised words can be a person's name (no institution or place word among them)."""
    return _ROLE_OR_PLACE_WORDS.isdisjoint(name.lower().split())


def _names_office(name: str) -> bool:
    """Whether capitalised words hold an institution's or a region's word, so are no person's name."""
    return not OFFICE_WORDS.isdisjoint(name.lower().split())


def _pairs(first: Mention, second: Mention) -> bool:
    """"Role, Name" or "Name, Role" (each side holding only its half)."""
    return bool(first.role and not first.name and second.name and not second.role) or bool(
        first.name and not first.role and second.role and not second.name
    )
