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
from dataclasses import dataclass

#: Words that open a position ("Bupati", "Kepala", "Dandim"), lower-cased.
ROLE_HEADS = frozenset("""
bupati wabup wakil sekda sekretaris kepala kadis kaban kasat kasi kabid kabag camat lurah kades kapolres kapolsek
kapolda dandim danramil danrem pangdam ketua direktur dirut gubernur wagub menteri presiden asisten staf
plt plh kalaksa koordinator komandan kasatpol kasatreskrim kasatlantas kasubag kasubbag kepsek bupati
ketum sekjen bendahara anggota juru jubir pimpinan kasie kapus karumkit dirjen walikota wali
pendamping penyuluh petugas pengawas pembina
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
tingkat kesatuan bangsa politik linmas damkar kepegawaian pengembangan
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
dr drs dra drg drh ir prof h hj kh ny tn sdr bapak ibu pak bu
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
#: What every lower-case title that opens a stretch contains ("dr.", "drs.", "ir.", "hj.", "prof.").
_TITLE_HINTS = ("dr", "ir.", "hj.", "prof.")
_CAPITAL_RE = re.compile(r"[A-Z]")
_LAST_WORD_RE = re.compile(r"([A-Za-z]+)$")
_SENTENCE_END_RE = re.compile(r"[.;!?](?=\s|$)|\s\(|\s[-–]\s")


@dataclass(slots=True)
class Mention:
    """A person named in the text: ``name`` and/or ``role``.

    ``vouched`` when something besides capitals says the name is a person's: a rank or title
    ("AKBP", "H."), an age ("Suminah (62)"), or an appositive after a description
    ("Salah seorang sopir angkutan, Rudi,").
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


def _segments(text: str) -> list[tuple[int, tuple[tuple[str, str], ...], str]]:
    """Runs of capitalised words, each ``(start, [(kind, value)], separator)``.

    ``separator`` is what follows the run: ``","``, ``"dan"`` (a joiner inside a
    longer stretch) or ``""``.  Only the stretches that can hold a name are
    tokenised (found by one C-level regex); an empty segment marks the end of a
    stretch so that a comma never pairs words across lower-case prose.  A list,
    not a generator: this runs on every stretch of text before every quotation.
    """
    segments: list[tuple[int, tuple[tuple[str, str], ...], str]] = []
    append = segments.append
    titled = any(hint in text for hint in _TITLE_HINTS)
    for region in (_REGION_RE if titled else _CAPITAL_REGION_RE).finditer(text):
        parts = _region_segments(region.group())
        if parts is not None:
            offset = region.start()
            for start, tokens, separator in parts:
                append((offset + start, tokens, separator))
            append((region.end(), (), ""))
    return segments


@functools.lru_cache(maxsize=8192)
def _region_segments(region: str) -> tuple[tuple[int, tuple[tuple[str, str], ...], str], ...] | None:
    """The segments of one stretch, memoised: "Bupati Lumajang", "Selanjutnya," recur on every page.

    ``None`` for a one-word stretch that names no one, skipped without an end mark: most
    stretches are one sentence-opening word ("Di", "Selanjutnya,") or one institution or
    place word ("Kabupaten", "Lumajang").
    """
    words = region.split()
    if len(words) == 1:
        word = words[0].strip(",.;:!?\"“”")
        key = _key(word)
        if key in STOPWORDS:
            return None
        if word.isalpha() and not word.isupper() and key not in ROLE_HEADS and key not in RANKS and key not in HONORIFICS:
            if key in ROLE_WORDS or key in PLACES:
                return None
            # One plain capitalised word ("Yulianto"): a name-only segment, no tokenising.
            return ((0, (("word", word),), "," if words[0].endswith(",") else ""),)
    return tuple((start, tuple(tokens), sep) for start, tokens, sep in _iter_region_segments(region, 0, len(region)))


def _iter_region_segments(text: str, begin: int, end: int):
    segment: list[tuple[str, str]] = []
    start = begin
    for match in _TOKEN_RE.finditer(text, begin, end):
        word, paren, num = match.group("word"), match.group("paren"), match.group("num")
        if word and segment and word in ROLE_JOINERS and _key(segment[-1][1]) in ROLE_WORDS:
            segment.append(("word", word))  # "Dinas Ketahanan Pangan dan Pertanian"
            continue
        if word and (_is_capital(word) or _key(word) in RANKS):
            if not segment:
                start = match.start()
            segment.append(("word", word))
            if match.group("dot") and _key(word) not in RANKS and len(word) > 1:
                yield start, segment, ""  # a sentence ends here
                segment = []
            continue
        if segment and (paren or num):
            segment.append(("paren" if paren else "num", match.group(0)))
            continue
        if segment:
            yield start, segment, "," if match.group("comma") else ("dan" if word in ROLE_JOINERS else "")
            segment = []
    if segment:
        yield start, segment, ""


@functools.lru_cache(maxsize=8192)
def _classify(tokens: tuple[tuple[str, str], ...]) -> tuple[str | None, str | None, bool, str | None]:
    """``(name, role, vouched, nickname)`` of one run of capitalised tokens."""
    while tokens and tokens[0][0] == "word" and _key(tokens[0][1]) in STOPWORDS and not _opens_name(tokens):
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
            kind, value = tokens[index]
            key = _key(value)
            after_marker = index > 0 and _key(tokens[index - 1][1]) in PLACE_MARKERS and _is_capital(value)
            if value in ROLE_JOINERS and index + 1 < len(tokens) and _key(tokens[index + 1][1]) in ROLE_WORDS:
                role.append(value)
                index += 1
            elif after_marker or _before_acronym(tokens, index) or kind in ("num", "paren") or key in ROLE_HEADS or key in ROLE_WORDS or key in PLACES or (value.isupper() and len(value) > 1 and key not in RANKS):
                role.append(value)
                index += 1
            else:
                break
    for kind, value in tokens[index:]:
        key = _key(value)
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
        if (key in STOPWORDS and (name or key not in NAME_LIKE_STOPWORDS)) or value.isupper() or key in ROLE_HEADS or value in ROLE_JOINERS or any(c.isdigit() for c in value):
            break
        name.append(value)
    if nickname is not None:
        nickname = " ".join(name) or None
        name = [] if nickname else name
    return (" ".join(name) or None), (" ".join(role) or None), vouched, nickname


@functools.lru_cache(maxsize=8192)
def _classify_mention(tokens: tuple[tuple[str, str], ...]) -> tuple[str | None, str | None, bool, str | None]:
    """:func:`_classify`, where a name holding an office's or a region's word names no one.

    "Kepala Dinas Pekerjaan Umum Bina Marga Provinsi Jawa Timur": the capitals after the
    head are the office's name, so the role names no one ("Pemerintah Provinsi" neither).
    """
    name, role, vouched, nickname = _classify(tokens)
    if name and _names_office(name):
        return None, f"{role} {name}" if role else None, False, nickname
    return name, role, vouched, nickname


def _opens_name(tokens: tuple[tuple[str, str], ...]) -> bool:
    """A run opening with a stop word that is also a given name, followed by another name word ("Hari Susiyanto")."""
    if len(tokens) < 2 or _key(tokens[0][1]) not in NAME_LIKE_STOPWORDS:
        return False
    kind, value = tokens[1]
    key = _key(value)
    return (
        kind == "word" and _is_capital(value) and not value.isupper() and value.isalpha()
        and not any(key in words for words in (STOPWORDS, OBSERVANCE_WORDS, ROLE_HEADS, ROLE_WORDS, PLACES, RANKS))
    )


def _opens_role(tokens: tuple[tuple[str, str], ...]) -> bool:
    return bool(tokens) and tokens[0][0] == "word" and _key(tokens[0][1]) in ROLE_HEADS


def _titles_only(tokens: tuple[tuple[str, str], ...]) -> bool:
    """A run of academic titles and initials only ("M.M.", "S.Sos", "M.Si")."""
    return all(kind == "word" and (_key(value) in RANKS or len(value) == 1) for kind, value in tokens)


def _linked_role(tokens: tuple[tuple[str, str], ...]) -> str:
    """The role after "selaku"/"sebagai", up to the first word that starts another phrase ("Senin")."""
    kept: list[str] = []
    for kind, value in tokens:
        if kept and kind == "word" and _key(value) in STOPWORDS:
            break
        kept.append(value)
    return " ".join(kept)


def _role_text(tokens: tuple[tuple[str, str], ...]) -> str:
    """A whole run read as a role ("Ketua Satgas Covid-19 Kecamatan Sukodono")."""
    while tokens and tokens[0][0] == "word" and _key(tokens[0][1]) in STOPWORDS:
        tokens = tokens[1:]
    return " ".join(value for _, value in tokens)


def _before_acronym(tokens: tuple[tuple[str, str], ...], index: int) -> bool:
    """A word right before an all-caps acronym names a unit ("Satpol PP", "TP PKK")."""
    if index + 1 >= len(tokens):
        return False
    following = tokens[index + 1][1]
    return tokens[index + 1][0] == "word" and following.isupper() and len(following) > 1 and _key(following) not in RANKS


def cut_at_sentence_end(text: str) -> str:
    """``text`` up to its first sentence end, not counting the dot of a title ("dr.", "Dra.", "Inf.")."""
    for match in _SENTENCE_END_RE.finditer(text):
        if match.group(0).startswith("."):
            word = _LAST_WORD_RE.search(text, 0, match.start())
            if word and (_key(word.group(1)) in RANKS or len(word.group(1)) == 1):
                continue
        return text[: match.start()]
    return text


def iter_mentions(text: str):
    """Every :class:`Mention` in ``text`` in order.

    A comma pairs a role with a name beside it; in "ROLE, NAME" everything from
    the position word to the comma is the role, capitalised words and "dan"
    included ("Ketua Forum Anak Lumajang, Nadia Putri Rahmawati"); "selaku" or
    "sebagai" hands a name its role ("AKBP Eka ... selaku Kapolres Lumajang").
    """
    if not _CAPITAL_RE.search(text):
        return  # most stretches between quotations (", ujarnya. ") name nobody
    segments = _segments(text)
    pending: Mention | None = None
    pending_sep = ""
    gap_from: int | None = None  # where the stretch holding ``pending`` ended
    index = 0
    while index < len(segments):
        start, tokens, sep = segments[index]
        if not tokens:
            gap_from = start if pending is not None and gap_from is None else gap_from
            index += 1
            continue
        chained = _read_role_chain(segments, index) if sep and _opens_role(tokens) else None
        if chained is not None:
            if pending:
                yield pending
            mention, index = chained
            # The name's own separator: "ROLE, NAME, S.Pd, ..." goes on to the name's degree.
            pending, pending_sep, gap_from = mention, segments[index - 1][2], None
            continue
        name, role, vouched, nickname = _classify_mention(tokens)
        index += 1
        if pending and pending_sep == "," and _titles_only(tokens):
            pending.vouched = True  # "Drs. Hadi Susilo, M.M. sebagai ...": the degree after the name's comma
            pending_sep = ""
            continue
        if name is None and role is None and nickname is None:
            if pending:
                yield pending
            pending, pending_sep, gap_from = None, "", None
            continue
        if name and not role and not vouched and " " not in name and _is_appositive(text, start, len(name), sep):
            vouched = True
        current = Mention(name=name, role=role, start=start, vouched=vouched, nickname=nickname)
        if pending and gap_from is not None:
            linked = ROLE_LINK_RE.fullmatch(text[gap_from:start]) and pending.name and not pending.role and _opens_role(tokens)
            if linked:
                # After "selaku"/"sebagai" the whole run is the role: "Ketua BPD Sumberwuluh" names no one.
                pending.role = _linked_role(tokens)
                yield pending
                pending, pending_sep, gap_from = None, "", None
                continue
            yield pending
            pending = None
        elif pending and pending_sep == "," and _pairs(pending, current):
            pending.name = pending.name or current.name
            pending.role = pending.role or current.role
            pending.vouched = pending.vouched or current.vouched
            yield pending
            pending, pending_sep, gap_from = None, "", None
            continue
        elif pending:
            yield pending
        pending, pending_sep, gap_from = current, sep, None
    if pending:
        yield pending


def _read_role_chain(segments: list, index: int) -> tuple[Mention, int] | None:
    """``(mention, next index)`` for "ROLE [dan ROLE], NAME" starting at ``index``, else ``None``."""
    start, tokens, sep = segments[index]
    if not _opens_role(tokens):
        return None
    parts = [_role_text(tokens)]
    last = index
    while sep == "dan" and last + 1 < len(segments) and segments[last + 1][1]:
        last += 1
        _, more, sep = segments[last]
        parts.append("dan " + _role_text(more))
    if sep != "," or last + 1 >= len(segments) or not segments[last + 1][1]:
        return None
    if _classify(tokens)[2]:
        return None  # "Kapolres Lumajang AKBP Eka ..., ...": the rank already placed the name
    name, role, vouched, nickname = _classify(segments[last + 1][1])
    if not name or role or nickname or not plausible_name(name):
        return None
    return Mention(name=name, role=" ".join(parts), start=start, vouched=vouched), last + 2


def _is_appositive(text: str, start: int, length: int, sep: str) -> bool:
    """One word set off by commas after a lower-case description: "Salah seorang sopir angkutan, Rudi,"."""
    before = _WORD_BEFORE_COMMA_RE.search(text, max(0, start - 40), start)
    if before is None or not before.group(1).islower():
        return False  # "di Kediri, Blitar, dan ...": a list of names, not a description then a name
    return sep == "," or bool(AGE_AFTER_RE.match(text, start + length))


def plausible_name(name: str) -> bool:
    """Whether capitalised words can be a person's name (no institution or place word among them)."""
    return not any(word.lower() in ROLE_WORDS or word.lower() in PLACES for word in name.split())


def _names_office(name: str) -> bool:
    """Whether capitalised words hold an institution's or a region's word, so are no person's name."""
    return not OFFICE_WORDS.isdisjoint(name.lower().split())


def _pairs(first: Mention, second: Mention) -> bool:
    """"Role, Name" or "Name, Role" (each side holding only its half)."""
    return (first.role and not first.name and second.name and not second.role) or (
        first.name and not first.role and second.role and not second.name
    )
