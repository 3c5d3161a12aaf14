"""Quotations: marks, cues after, speakers before, pronouns, nicknames, two-paragraph quotes, slogans."""

from __future__ import annotations

from scraper.parse.quotes import extract_quotes


def _one(paragraphs):
    quotes = extract_quotes(paragraphs)
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_named_cue_with_role_and_title():
    q = _one(['"Vaksinasi harus dipercepat," ujar Kepala Dinas Kesehatan Lumajang, dr. Bayu Wibowo.'])
    assert (q.text, q.speaker, q.role, q.cue) == ("Vaksinasi harus dipercepat", "Bayu Wibowo", "Kepala Dinas Kesehatan Lumajang", "ujar")


def test_named_cue_role_then_name():
    q = _one(["“Warga diminta tetap tenang,” kata Camat Pasirian, Yulianto. Ia menambahkan hal lain."])
    assert (q.speaker, q.role, q.cue) == ("Yulianto", "Camat Pasirian", "kata")


def test_speaker_before_with_menurut():
    q = _one(['Menurut Sekda Lumajang Agus Triyono, "Anggaran sudah siap dicairkan minggu depan."'])
    assert (q.text, q.speaker, q.role, q.cue) == ("Anggaran sudah siap dicairkan minggu depan", "Agus Triyono", "Sekda Lumajang", "menurut")


def test_speaker_before_with_verb_and_comma():
    q = _one(['Bupati Lumajang Thoriqul Haq mengatakan, "Kami akan terus memantau kondisi warga."'])
    assert (q.speaker, q.role, q.cue) == ("Thoriqul Haq", "Bupati Lumajang", "mengatakan")


def test_pronoun_with_colon_resolves_to_last_named():
    q = _one(["Wakil Bupati Lumajang Indah Amperawati hadir. Ia menegaskan: “Semua pihak harus bergerak bersama.”"])
    assert (q.speaker, q.role, q.cue) == ("Indah Amperawati", "Wakil Bupati Lumajang", "menegaskan")


def test_nickname_binds_to_full_name_and_slogans_are_not_quotes():
    quotes = extract_quotes([
        'Bupati Lumajang Thoriqul Haq meluncurkan program "Si Lugas" dan "Lumajang Sehat" di pendopo.',
        "Kapolres Lumajang AKBP Eka Yekti Hananto Seno turut hadir.",
        "Cak Thoriq mengatakan program itu penting bagi warga.",
        "“Ini untuk semua warga tanpa kecuali,” tegasnya.",
    ])
    assert [(q.text, q.speaker, q.role, q.cue, q.paragraph) for q in quotes] == [
        ("Ini untuk semua warga tanpa kecuali", "Thoriqul Haq", "Bupati Lumajang", "tegasnya", 3)
    ]


def test_role_alone_binds_to_the_person_named_with_it():
    quotes = extract_quotes([
        "Kapolres Lumajang AKBP Eka Yekti Hananto Seno memimpin apel.",
        "Sementara itu Bupati Lumajang Thoriqul Haq meninjau pos pengungsian.",
        "Kapolres Lumajang menambahkan bahwa personel disiagakan penuh.",
        '"Kami siaga dua puluh empat jam," imbuhnya.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [("Eka Yekti Hananto Seno", "Kapolres Lumajang")]


def test_quotation_over_two_paragraphs():
    q = _one([
        "Camat Tempeh, Sugianto menjelaskan pembangunan jalan.",
        "“Pembangunan jalan ini sudah lama ditunggu warga desa kami.",
        "“Kami berterima kasih kepada pemerintah daerah,” tuturnya.",
    ])
    assert q.text == "Pembangunan jalan ini sudah lama ditunggu warga desa kami. Kami berterima kasih kepada pemerintah daerah"
    assert (q.speaker, q.role, q.cue, q.paragraph) == ("Sugianto", "Camat Tempeh", "tuturnya", 1)


def test_straight_and_curly_marks_and_capitalised_cue():
    quotes = extract_quotes([
        "Kepala Satpol PP Kabupaten Lumajang Matali Bilogo memimpin razia.",
        '"Razia akan rutin digelar setiap pekan," Jelasnya.',
        "“Pedagang diminta tertib,” katanya.",
    ])
    assert [(q.cue, q.speaker, q.role) for q in quotes] == [
        ("jelasnya", "Matali Bilogo", "Kepala Satpol PP Kabupaten Lumajang"),
        ("katanya", "Matali Bilogo", "Kepala Satpol PP Kabupaten Lumajang"),
    ]


def test_unattributed_pronoun_gives_no_speaker():
    q = _one(['"Kami siap," kata dia.'])
    assert (q.speaker, q.role) == (None, None)


def test_ranks_and_academic_titles_are_stripped():
    quotes = extract_quotes([
        "Letkol Inf. Andi Andriyanti Wibowo, Dandim 0821 Lumajang hadir.",
        '"Kita berkomitmen satu suara," ungkapnya',
        '"Data harus diperbarui," terang Kepala Dinas Sosial Lumajang, Dra. Retno Wulandari, M.Si.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Andi Andriyanti Wibowo", "Dandim 0821 Lumajang"),
        ("Retno Wulandari", "Kepala Dinas Sosial Lumajang"),
    ]


def test_any_nya_verb_after_a_closed_utterance_is_a_cue_but_not_after_a_name():
    quotes = extract_quotes([
        'Bupati Lumajang Thoriqul Haq meluncurkan aplikasi "Si Lugas" versinya yang baru di pendopo.',
        '"Kami siap bekerja," sahutnya.',
    ])
    assert [(q.text, q.speaker, q.cue) for q in quotes] == [("Kami siap bekerja", "Thoriqul Haq", "sahutnya")]


def test_role_before_comma_keeps_its_capitalised_words_and_joiners():
    quotes = extract_quotes([
        "Sekretaris Badan Kesatuan Bangsa dan Politik Kota Probolinggo Anak Cabang Timur, Wulan Sari Dewi, hadir.",
        '"Semua peserta wajib membawa kartu identitas," ujarnya.',
        '"Pendaftaran ditutup pekan depan," kata Ketua Karang Taruna Tunas Harapan Desa Kunir Lor, Bagus Prasetyo.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Wulan Sari Dewi", "Sekretaris Badan Kesatuan Bangsa dan Politik Kota Probolinggo Anak Cabang Timur"),
        ("Bagus Prasetyo", "Ketua Karang Taruna Tunas Harapan Desa Kunir Lor"),
    ]


def test_selaku_and_sebagai_hand_a_name_its_role():
    quotes = extract_quotes([
        "Kompol Budi Santoso selaku Kapolsek Tekung memimpin patroli malam.",
        '"Kami tambah personel di titik rawan," tuturnya.',
        "Hadir pula Siti Aminah sebagai Camat Kunir dalam acara itu.",
        '"Warga diminta melapor bila melihat hal mencurigakan," pesannya.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [("Budi Santoso", "Kapolsek Tekung"), ("Siti Aminah", "Camat Kunir")]


def test_one_word_names_set_off_by_commas_or_given_an_age_are_people():
    quotes = extract_quotes([
        "Kepala Desa Kunir Lor, Hariyanto, membuka pasar murah itu.",
        "Seorang pedagang sayur, Painten, mengaku omzetnya naik.",
        '"Sekarang pembeli lebih ramai dari biasanya," ungkapnya.',
        "Warga lain, Sumarni (57), juga datang sejak pagi.",
        '"Harganya jauh lebih murah," katanya.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [("Painten", None), ("Sumarni", None)]


def test_places_listed_between_commas_are_not_people():
    quotes = extract_quotes([
        "Bupati Lumajang Thoriqul Haq meninjau Kediri, Blitar, dan Tulungagung pekan lalu.",
        '"Kita belajar dari daerah lain," ujarnya.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [("Thoriqul Haq", "Bupati Lumajang")]


def test_a_quotation_cut_off_by_a_truncated_page_is_not_emitted():
    quotes = extract_quotes([
        "Camat Tekung, Rudi Hartono, meninjau posyandu.",
        '"Kami pastikan semua balita tertimbang," ujarnya.',
        '"Yang belum datang akan kami jemput ke rum',
    ])
    assert [q.text for q in quotes] == ["Kami pastikan semua balita tertimbang"]


def test_a_single_quoted_word_inside_a_sentence_is_not_a_quotation():
    quotes = extract_quotes([
        "Kepala Pelaksana BPBD Lumajang, Wawan Hadi, memantau sungai.",
        'BPBD menegaskan istilah "siaga" hanya dipakai jika status gunung dinaikkan.',
    ])
    assert quotes == []


def test_selaku_hands_the_whole_run_as_role_and_degrees_after_a_comma_are_skipped():
    quotes = extract_quotes([
        "Sementara itu, Mohammad Arif selaku Ketua BPD Sumberwuluh meminta lembaga desa ikut mengawal.",
        '"Kami awasi setiap triwulan," ungkapnya.',
        "Drs. Hadi Susilo, M.M. sebagai Kepala Diskominfo Lumajang menyebut aduan meningkat.",
        '"Warga bisa melihat sampai di mana aduannya," jelasnya.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Mohammad Arif", "Ketua BPD Sumberwuluh"), ("Hadi Susilo", "Kepala Diskominfo Lumajang"),
    ]


# Citizens introduced by a description take the next -nya cue (heldout7's commonest gap).
OPENING = "Wakil Bupati Lumajang Indah Amperawati meninjau pasar yang baru direnovasi di Kecamatan Klakah."


def test_a_role_named_again_as_an_object_does_not_take_the_next_cue():
    quotes = extract_quotes([
        OPENING,
        'Pedagang sayur, Paijo (50), menyambut kedatangan Wakil Bupati. "Los yang baru jauh lebih bersih," ujarnya.',
        'Menanggapi keluhan soal parkir, Wakil Bupati meminta dinas menambah petugas. "Kita tata minggu ini," imbuhnya.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Paijo", None), ("Indah Amperawati", "Wakil Bupati Lumajang"),
    ]


def test_a_full_name_set_off_by_commas_after_a_description_is_a_person():
    quotes = extract_quotes([
        OPENING,
        "Salah seorang pedagang, Siti Aminah, pemilik warung nasi di sisi timur, mengaku omzetnya naik.",
        '"Sekarang pembeli tidak takut becek lagi," katanya.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [("Siti Aminah", None)]


def test_a_name_given_with_bernama_is_a_person_named_again_alone():
    quotes = extract_quotes([
        OPENING,
        "Kios terluas di los daging milik pedagang bernama Karyono.",
        'Karyono mengaku sudah berjualan sejak 1998. "Baru kali ini atapnya tidak bocor," katanya.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [("Karyono", None)]


def test_an_honorific_and_an_age_make_a_person_of_a_name_never_given_in_full():
    quotes = extract_quotes([
        OPENING,
        "Salah satu pembeli dari Desa Papringan, Mbah Sarinah (70), datang bersama cucunya.",
        '"Saya senang, jalannya rata sekarang," tuturnya.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [("Sarinah", None)]


# heldout8's quotation causes.
def test_a_quotation_resumed_after_its_cue_keeps_the_speaker():
    quotes = extract_quotes([
        OPENING,
        '"Atapnya sudah diganti semua," kata Bunda Indah. "Tinggal saluran airnya yang dikerjakan bulan depan."',
    ])
    assert [(q.text, q.speaker, q.cue, q.paragraph) for q in quotes] == [
        ("Atapnya sudah diganti semua", "Indah Amperawati", "kata", 1),
        ("Tinggal saluran airnya yang dikerjakan bulan depan", "Indah Amperawati", "kata", 1),
    ]


def test_a_name_in_marks_right_after_a_cue_does_not_resume_the_quotation():
    quotes = extract_quotes([
        OPENING,
        '"Kita siap melayani," kata Bunda Indah. "Si Cepat" diluncurkan di lantai dua.',
    ])
    assert [q.text for q in quotes] == ["Kita siap melayani"]


def test_penanggung_jawab_heads_a_role_and_ns_is_a_title():
    q = _one([
        "Penanggung Jawab Program Imunisasi Puskesmas Klakah, Ns. Rina Wulandari, S.Kep., memimpin kegiatan.",
        '"Semua balita di desa ini sudah tercatat," imbuh Rina.',
    ])
    assert (q.speaker, q.role) == ("Rina Wulandari", "Penanggung Jawab Program Imunisasi Puskesmas Klakah")


def test_a_generic_head_alone_names_no_one():
    quotes = extract_quotes([
        OPENING,
        "Ia meminta los dibagi adil. Kepala pasar di tiap kecamatan diminta melapor setiap bulan.",
        '"Saya akan cek sendiri nanti," tegasnya.',
    ])
    assert [(q.speaker, q.role) for q in quotes] == [("Indah Amperawati", "Wakil Bupati Lumajang")]
