"""Indonesian press-release text for the synthetic portal, with its ground truth.

The parser must learn the *language* of the regency's press releases, not one
article, so every generated body mixes the attribution shapes the real
portal uses (the seed article, 455, shows the pronoun cues): a quotation
followed by a pronoun cue (``ujarnya``), by a named cue (``kata Camat
Pasirian, Yulianto``), a speaker before the quotation (``Menurut ...,``,
``... mengatakan,``, ``Ia menegaskan:``), a quotation running over two
paragraphs, nicknames bound to a full name named earlier (``Cak Thoriq``),
and programme names in quotation marks that are *not* quotations.

Each composed body comes with its quotations as the parser should report
them (CONTRACT.md "Article" ``quotes``), so generated pages can score the
parser.  Quote ``text`` is what stands between the marks without trailing
punctuation; a two-paragraph quotation is the text of both paragraphs joined
by one space, and its ``paragraph`` is the first one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@dataclass(frozen=True)
class Person:
    """Someone the releases quote: ``full`` as first written (rank/title kept), ``name`` without."""

    full: str
    name: str
    role: str
    nickname: str | None = None


PEOPLE = (
    Person("Thoriqul Haq", "Thoriqul Haq", "Bupati Lumajang", "Cak Thoriq"),
    Person("Ir. Indah Amperawati", "Indah Amperawati", "Wakil Bupati Lumajang", "Bunda Indah"),
    Person("Drs. Agus Triyono", "Agus Triyono", "Sekda Lumajang"),
    Person("dr. Bayu Wibowo", "Bayu Wibowo", "Kepala Dinas Kesehatan Lumajang"),
    Person("Yulianto", "Yulianto", "Camat Pasirian"),
    Person("AKBP Eka Yekti Hananto Seno", "Eka Yekti Hananto Seno", "Kapolres Lumajang"),
    Person("Letkol Inf. Andi Andriyanti Wibowo", "Andi Andriyanti Wibowo", "Dandim 0821 Lumajang"),
    Person("H. Nugroho Dwi Atmoko", "Nugroho Dwi Atmoko", "Kepala Dinas Pendidikan Lumajang"),
    Person("Hj. Siti Rohani", "Siti Rohani", "Ketua TP PKK Kabupaten Lumajang", "Bu Rohani"),
    Person("Matali Bilogo", "Matali Bilogo", "Kepala Satpol PP Kabupaten Lumajang"),
    Person("Ir. Paiman", "Paiman", "Kepala Dinas Ketahanan Pangan dan Pertanian Lumajang"),
    Person("Dra. Retno Wulandari", "Retno Wulandari", "Kepala Dinas Sosial Lumajang"),
    Person("Joko Sambang", "Joko Sambang", "Kepala Pelaksana BPBD Lumajang"),
    Person("Anang Ferdiansyah", "Anang Ferdiansyah", "Kepala Desa Sumbermujur"),
)

KECAMATAN = (
    "Pasirian", "Tempeh", "Candipuro", "Pronojiwo", "Senduro", "Yosowilangun", "Kunir",
    "Tekung", "Jatiroto", "Klakah", "Ranuyoso", "Sukodono", "Padang", "Rowokangkung",
    "Gucialit", "Tempursari", "Pasrujambe", "Kedungjajang", "Randuagung", "Sumbersuko",
)

PLACES = (
    "Pendopo Arya Wiraraja", "Aula Dinas Kesehatan", "Gedung Graha Mahameru",
    "Alun-alun Lumajang", "Aula BKD Lumajang", "Kantor Kecamatan {kec}", "Balai Desa {kec}",
    "Lapangan Kecamatan {kec}", "Ruang Mahameru Kantor Bupati",
)

EVENTS = (
    "Rapat Koordinasi Percepatan Vaksinasi Covid-19",
    "Peresmian Pasar Rakyat",
    "Penyaluran Bantuan Langsung Tunai Dana Desa",
    "Apel Kesiapsiagaan Bencana Erupsi Semeru",
    "Rembuk Stunting Tingkat Kabupaten",
    "Pembukaan Festival Pisang Agung",
    "Sosialisasi Protokol Kesehatan di Pasar Tradisional",
    "Gerakan Tanam Padi Serentak",
    "Pelantikan Pengurus Karang Taruna",
    "Musyawarah Perencanaan Pembangunan Kecamatan",
    "Penyerahan Sertifikat Tanah Program PTSL",
    "Operasi Yustisi Penegakan Disiplin Protokol Kesehatan",
)

PROGRAMS = (
    "Lumajang Sehat", "Gerakan Lumajang Bersih", "Jumat Berkah", "Kampung Tangguh Semeru",
    "Satu Desa Satu Ambulans", "Lumajang Mengaji", "Bedah Rumah", "Lumajang Eling",
)

TITLE_PATTERNS = (
    "{who}: {event} DI KECAMATAN {kec} JADI PERHATIAN",
    "{who} AJAK WARGA {kec} SUKSESKAN PROGRAM {program}",
    "{event} RESMI DIGELAR, {who} MINTA SEMUA PIHAK BERSINERGI",
    "PEMKAB LUMAJANG GELAR {event}",
    "{who} TINJAU LANGSUNG {event} DI {kec}",
    "WARGA {kec} ANTUSIAS IKUTI {event}",
    "{who} : PROGRAM {program} HARUS TEPAT SASARAN",
    "TARGET {event} DI LUMAJANG DIPERCEPAT",
)

TITLE_WHO = {"Bupati Lumajang": "BUPATI", "Wakil Bupati Lumajang": "WABUP", "Sekda Lumajang": "SEKDA"}

QUOTE_SENTENCES = (
    "Kami ingin seluruh masyarakat merasakan manfaat program ini secara langsung",
    "Semua jajaran harus bergerak bersama dan tidak boleh ada yang tertinggal",
    "Ini bukan hanya tugas pemerintah, tetapi tanggung jawab kita bersama",
    "Data penerima harus diperbarui setiap bulan agar bantuan tepat sasaran",
    "Kita ingin pelayanan kepada warga semakin cepat dan mudah",
    "Saya minta camat dan kepala desa mengawal kegiatan ini sampai tuntas",
    "Protokol kesehatan tetap harus dijalankan dengan disiplin",
    "Alhamdulillah capaian kita tahun ini melampaui target yang ditetapkan",
    "Kalau ada kendala di lapangan segera laporkan agar bisa kita carikan solusinya",
    "Pasar ini harus bersih, tertib dan nyaman bagi pedagang maupun pembeli",
    "Kami berkomitmen untuk terus mendampingi para petani di setiap musim tanam",
    "Anak-anak kita harus tumbuh sehat, cerdas dan berakhlak baik",
    "Kesiapsiagaan menghadapi bencana harus dimulai dari lingkungan keluarga",
    "Jangan sampai ada warga yang kesulitan mengakses layanan kesehatan",
    "Pemuda adalah motor penggerak pembangunan di desa",
    "Kami akan melakukan evaluasi menyeluruh terhadap pelaksanaan kegiatan ini",
    "Sinergi antara pemerintah, TNI dan Polri adalah kunci keberhasilan kita",
    "Tidak ada pungutan apa pun dalam proses penyaluran bantuan ini",
    "Kami mohon dukungan seluruh tokoh agama dan tokoh masyarakat",
    "Semua pelayanan di kecamatan harus bisa diakses warga tanpa biaya",
    "Target kami tahun depan seluruh desa sudah terlayani dengan baik",
    "Petugas kami siaga dua puluh empat jam untuk membantu warga",
    "Kegiatan seperti ini harus rutin dilakukan, tidak hanya sekali",
    "Kami berterima kasih kepada para relawan yang sudah bekerja tanpa lelah",
    "Hasil panen tahun ini cukup menggembirakan meski cuaca tidak menentu",
    "Warga yang belum terdata bisa langsung melapor ke kantor desa",
    "Kita harus memastikan tidak ada satu pun anak yang putus sekolah",
    "Jalur evakuasi sudah kami siapkan dan rambu-rambunya sudah terpasang",
)

FILLER_SENTENCES = (
    "Kegiatan tersebut dihadiri oleh jajaran Forkopimda, camat se-Kabupaten Lumajang serta para kepala desa.",
    "Dalam kesempatan itu juga dilakukan penandatanganan komitmen bersama oleh seluruh peserta.",
    "Pemerintah Kabupaten Lumajang menargetkan kegiatan serupa dapat dilaksanakan "
    "di seluruh kecamatan hingga akhir tahun.",
    "Sebanyak {n} warga dari Kecamatan {kec} tercatat mengikuti kegiatan tersebut.",
    "Anggaran kegiatan ini bersumber dari APBD Kabupaten Lumajang tahun {year}.",
    "Selain itu, petugas juga membagikan masker dan hand sanitizer kepada warga yang hadir.",
    "Pemkab Lumajang juga menyiapkan posko pengaduan bagi masyarakat yang membutuhkan informasi lebih lanjut.",
    "Hingga saat ini, capaian kegiatan di Kecamatan {kec} telah mencapai {pct} persen.",
    "Acara ditutup dengan peninjauan lokasi dan dialog bersama warga setempat.",
)

PROGRAM_SENTENCES = (
    'Kegiatan ini merupakan bagian dari program "{program}" yang dicanangkan Pemkab Lumajang sejak tahun {year}.',
    'Melalui gerakan "{program}", pemerintah daerah berupaya menjangkau warga hingga ke pelosok desa.',
    'Warga menyambut baik program “{program}” yang dinilai membantu kebutuhan sehari-hari.',
)

LEAD_VERBS = ("menghadiri", "membuka secara resmi", "memimpin langsung", "meninjau pelaksanaan")
INTRO_VERBS = ("menyampaikan", "menjelaskan", "mengungkapkan", "menuturkan")
PRONOUN_CUES = (
    "ujarnya", "ungkapnya", "katanya", "tuturnya", "terangnya", "paparnya",
    "pungkasnya", "imbuhnya", "tegasnya", "jelasnya", "harapnya",
)
NAMED_CUES = ("ujar", "kata", "ungkap", "tutur", "terang", "jelas")
BEFORE_VERBS = ("mengatakan", "menjelaskan", "menegaskan", "menyampaikan", "mengungkapkan")
IA_VERBS = ("menegaskan", "menambahkan", "berpesan", "mengingatkan")
CREDIT_INITIALS = ("bob", "ind", "wan", "yan", "rin", "dwi", "fit", "has", "nis")
CAPTIONS = ("Dok. Kominfo-lmj", "Dok. Prokopim Lumajang", "Dok. Kominfo-lmj/{initials}")

STRAIGHT = ('"', '"')
CURLY = ("\u201c", "\u201d")


@dataclass
class StoryText:
    """A composed body: its paragraphs (credit not included) and the quotations in it."""

    title: str
    paragraphs: list[str]
    quotes: list[dict] = field(default_factory=list)
    caption: str = "Dok. Kominfo-lmj"
    credit: str = "Kominfo-lmj/bob"


def format_date_id(day: date) -> str:
    """``26 Januari 2021``: the date line of the seed page."""
    return f"{day.day:02d} {MONTHS_ID[day.month - 1]} {day.year}"


def format_count(n: int) -> str:
    """``10.769``: Indonesian thousands separator."""
    return f"{n:,}".replace(",", ".")


class _Composer:
    """Builds one body paragraph by paragraph, tracking who the text last named."""

    def __init__(self, rng: random.Random, published: date) -> None:
        self.rng = rng
        self.published = published
        self.marks = CURLY if rng.random() < 0.35 else STRAIGHT
        self.paragraphs: list[str] = []
        self.quotes: list[dict] = []
        self.last: Person | None = None
        self.named: list[Person] = []
        self.kec = rng.choice(KECAMATAN)
        self.program = rng.choice(PROGRAMS)
        self.event = rng.choice(EVENTS)
        self._sentences: list[str] = []

    # -- helpers ---------------------------------------------------------------
    def sentence(self) -> str:
        """A quotable sentence; none repeats within a body until the bank is used up."""
        if not self._sentences:
            self._sentences = list(QUOTE_SENTENCES)
            self.rng.shuffle(self._sentences)
        return self._sentences.pop()

    def quote_text(self) -> str:
        return ". ".join(self.sentence() for _ in range(self.rng.choice((1, 1, 2))))

    def quoted(self, text: str, end: str) -> str:
        return f"{self.marks[0]}{text}{end}{self.marks[1]}"

    def mention(self, person: Person, name_first: bool | None = None) -> str:
        """First mention with rank and role; later ones by name only."""
        self.last = person
        if person in self.named:
            return person.full
        self.named.append(person)
        if name_first is None:
            name_first = self.rng.random() < 0.4
        return f"{person.full}, {person.role}" if name_first else f"{person.role}, {person.full}"

    def record(self, text: str, person: Person, cue: str, paragraph: int | None = None) -> None:
        self.quotes.append({
            "text": text, "speaker": person.name, "role": person.role, "cue": cue.lower(),
            "paragraph": len(self.paragraphs) if paragraph is None else paragraph,
        })

    def fresh_person(self) -> Person:
        candidates = [p for p in PEOPLE if p is not self.last]
        return self.rng.choice(candidates)

    def filler(self) -> str:
        sentence = self.rng.choice(FILLER_SENTENCES)
        return sentence.format(
            n=self.rng.randrange(40, 900), kec=self.kec, year=self.published.year,
            pct=self.rng.randrange(55, 99),
        )

    # -- blocks (each appends whole paragraphs) --------------------------------
    def lead(self, person: Person) -> None:
        place = self.rng.choice(PLACES).format(kec=self.kec)
        event = self.event
        day = self.published
        when = f"{DAYS_ID[day.weekday()]} ({day.day:02d}/{day.month:02d}/{day.year % 100:02d})"
        self.named.append(person)
        self.last = person
        who = f"{person.role} {person.full}"
        self.paragraphs.append(
            f"{who} {self.rng.choice(LEAD_VERBS)} {event} yang digelar di {place}, {when}. "
            f"{self.filler()}"
        )

    def intro_then_pronoun(self) -> None:
        person = self.fresh_person()
        self.paragraphs.append(
            f"{self.rng.choice(('Di sisi lain', 'Sementara itu', 'Pada kesempatan yang sama'))}, "
            f"{self.mention(person)} {self.rng.choice(INTRO_VERBS)} bahwa kegiatan ini "
            f"akan terus dievaluasi agar manfaatnya dirasakan warga Kecamatan {self.kec}."
        )
        self.pronoun_quote()

    def pronoun_quote(self) -> None:
        assert self.last is not None
        text = self.quote_text()
        cue = self.rng.choice(PRONOUN_CUES)
        shown = cue.capitalize() if self.rng.random() < 0.15 else cue
        self.record(text, self.last, cue)
        self.paragraphs.append(f"{self.quoted(text, ',')} {shown}.")

    def named_after(self) -> None:
        person = self.fresh_person()
        text = self.quote_text()
        cue = self.rng.choice(NAMED_CUES)
        self.record(text, person, cue)
        self.paragraphs.append(f"{self.quoted(text, ',')} {cue} {self.mention(person, False)}.")

    def speaker_before(self) -> None:
        person = self.fresh_person()
        text = self.quote_text()
        if self.rng.random() < 0.5:
            self.record(text, person, "menurut")
            self.paragraphs.append(f"Menurut {self.mention(person, False)}, {self.quoted(text, '.')}")
        else:
            verb = self.rng.choice(BEFORE_VERBS)
            self.record(text, person, verb)
            intro = self.mention(person, False).replace(", ", " ", 1)
            self.paragraphs.append(f"{intro} {verb}, {self.quoted(text, '.')}")

    def ia_colon(self) -> None:
        assert self.last is not None
        text = self.quote_text()
        verb = self.rng.choice(IA_VERBS)
        self.record(text, self.last, verb)
        self.paragraphs.append(f"Ia {verb}: {self.quoted(text, '.')}")

    def two_paragraphs(self) -> None:
        """A quotation whose first paragraph has no closing mark, as newspapers print it."""
        assert self.last is not None
        first, second, third = self.sentence(), self.sentence(), self.sentence()
        cue = self.rng.choice(PRONOUN_CUES)
        self.record(f"{first}. {second}. {third}", self.last, cue)
        self.paragraphs.append(f"{self.marks[0]}{first}. {second}.")
        self.paragraphs.append(f"{self.quoted(third, ',')} {cue}.")

    def nickname_quote(self) -> None:
        person = next(p for p in reversed(self.named) if p.nickname)
        text = self.quote_text()
        self.last = person
        if self.rng.random() < 0.5:
            self.record(text, person, "kata")
            self.paragraphs.append(f"{self.quoted(text, ',')} kata {person.nickname}.")
        else:
            self.record(text, person, "menambahkan")
            self.paragraphs.append(f"{person.nickname} menambahkan, {self.quoted(text, '.')}")

    def programme(self) -> None:
        sentence = self.rng.choice(PROGRAM_SENTENCES).format(program=self.program, year=self.published.year)
        self.paragraphs.append(f"{sentence} {self.filler()}")

    def narrative(self) -> None:
        self.paragraphs.append(f"{self.filler()} {self.filler()}")

    def compose(self, target: int) -> list[str]:
        """Append blocks until ``target`` paragraphs (4..10); every body quotes someone."""
        self.pronoun_quote()
        while len(self.paragraphs) < target:
            room = target - len(self.paragraphs)
            blocks = [self.named_after, self.speaker_before, self.narrative, self.programme]
            if room >= 2:
                blocks.append(self.intro_then_pronoun)
                blocks.append(self.two_paragraphs)
            if self.last is not None:
                blocks += [self.pronoun_quote, self.ia_colon]
            if any(p.nickname for p in self.named) and self.last is not None and self.last.nickname is None:
                blocks.append(self.nickname_quote)
            self.rng.choice(blocks)()
        return self.paragraphs


def compose_story(rng: random.Random, published: date, title: str | None = None) -> StoryText:
    """One press release dated ``published``; ``title`` overrides the generated headline."""
    composer = _Composer(rng, published)
    lead_person = rng.choice(PEOPLE[:4])
    composer.lead(lead_person)
    paragraphs = composer.compose(rng.randint(4, 10))
    if title is None:
        who = TITLE_WHO.get(lead_person.role, "PEMKAB LUMAJANG")
        title = rng.choice(TITLE_PATTERNS).format(
            who=who, event=composer.event.upper(), kec=composer.kec.upper(),
            program=composer.program.upper(),
        )
    initials = rng.choice(CREDIT_INITIALS)
    caption = rng.choice(CAPTIONS).format(initials=initials)
    return StoryText(
        title=title, paragraphs=paragraphs, quotes=composer.quotes,
        caption=caption, credit=f"Kominfo-lmj/{initials}",
    )
