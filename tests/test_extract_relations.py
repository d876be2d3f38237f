"""Relation pattern families of the Persian extractor (positions, visits, meetings, project roles, provenance)."""
from __future__ import annotations

from graph.schema import get_schema
from tests.extract_helpers import extract_text, facts, names, roles


# --- positions -------------------------------------------------------------------------------------------
def test_name_comma_title_apposition():
    doc = extract_text("مریم کاظمی، رئیس دانشگاه شیراز، گفت کار آغاز شد.")
    assert roles(doc) == {("مریم کاظمی", "رئیس", "دانشگاه شیراز")}


def test_title_then_name():
    doc = extract_text("استاندار گیلان هادی رضایی از طرح بازدید کرد.")
    assert roles(doc) == {("هادی رضایی", "استاندار", "استانداری گیلان")}


def test_title_comma_name():
    doc = extract_text("وزیر ارتباطات، حسن کریمی، گفت.")
    assert ("حسن کریمی", "وزیر", "وزارت ارتباطات و فناوری اطلاعات") in roles(doc)


def test_two_titles_joined_by_and_share_the_holder():
    doc = extract_text("حسن کریمی، معاون وزیر نیرو و رئیس سازمان انرژی‌های تجدیدپذیر، گفت.")
    held = {(r, o) for _, r, o in roles(doc)}
    assert ("معاون وزیر", "وزارت نیرو") in held
    assert any(r == "رئیس" for r, _ in held)


def test_title_led_sentence_then_named_opener():
    doc = extract_text("استاندار همدان از پیشرفت کارها خبر داد.\nبه گزارش ایرنا، علی رنجبر با اشاره به طرح‌ها گفت کار ادامه دارد.")
    assert roles(doc) == {("علی رنجبر", "استاندار", "استانداری همدان")}


def test_title_after_the_person_the_text_is_about():
    doc = extract_text("علی رنجبر در نشست خبری سخن گفت.\nوی افزود کار ادامه دارد.\n"
                       "رئیس سازمان ملی استاندارد ایران با اشاره به طرح‌ها گفت.")
    assert any(p == "علی رنجبر" and r == "رئیس" for p, r, _ in roles(doc))


def test_bare_title_after_introduction_is_the_same_person():
    doc = extract_text("استاندار یزد مهدی رضایی گفت. استاندار افزود که طرح ادامه دارد. وی سپس به بازدید رفت.")
    assert [e.name for e in doc.entities if e.type == "Person"] == ["مهدی رضایی"]
    assert roles(doc) == {("مهدی رضایی", "استاندار", "استانداری یزد")}


def test_minister_title_needs_a_known_ministry():
    doc = extract_text("حسن کریمی، وزیر بی‌نام، گفت.")
    assert roles(doc) == set()


# --- visits and meetings ---------------------------------------------------------------------------------
def test_visit_with_traveller_inside_the_phrase():
    doc = extract_text("در سفر حسن کریمی، وزیر نیرو، به استان سیستان و بلوچستان طرح‌ها افتتاح شد.")
    assert ("VISITED", "حسن کریمی", "سیستان و بلوچستان") in facts(doc)


def test_visit_with_subject_and_this_province():
    doc = extract_text("حسن کریمی امروز از طرح‌های استان ایلام گفت. مریم کاظمی نیز برای بررسی طرح‌ها به این استان سفر کرد.")
    assert ("VISITED", "مریم کاظمی", "ایلام") in facts(doc)
    assert ("VISITED", "حسن کریمی", "ایلام") not in facts(doc)


def test_no_visit_without_destination():
    doc = extract_text("حسن کریمی درباره نتایج آن سفر به خبرنگاران توضیح داد.")
    assert facts(doc, "VISITED") == set()


def test_meeting_with_person_and_organisation():
    doc = extract_text("حسن کریمی در دیدار با مریم کاظمی، استاندار قم، و شهرداری قم گفت.")
    assert ("MET_WITH", "حسن کریمی", "مریم کاظمی") in facts(doc)
    assert ("MET_WITH", "حسن کریمی", "شهرداری قم") in facts(doc)
    assert ("مریم کاظمی", "استاندار", "استانداری قم") in roles(doc)


def test_meeting_inside_a_relative_clause_is_not_the_subjects():
    doc = extract_text("حسن کریمی در جلسه‌ای که پیش‌تر در دیدار با مریم کاظمی برنامه‌ریزی شده بود شرکت کرد.")
    assert facts(doc, "MET_WITH") == set()


# --- organisations and projects --------------------------------------------------------------------------
def test_connection_trigger_gives_participation():
    doc = extract_text("اتصال دانشگاه شیراز به سامانه «سجاد نوین» انجام شد.")
    assert ("PARTICIPATES_IN", "دانشگاه شیراز", "سامانه سجاد نوین") in facts(doc)


def test_cooperation_on_this_project():
    doc = extract_text("سامانه «پایش هوشمند» معرفی شد. این پروژه با همکاری شرکت مخابرات ایران اجرا خواهد شد.")
    assert ("PARTICIPATES_IN", "شرکت مخابرات ایران", "سامانه پایش هوشمند") in facts(doc)


def test_support_trigger():
    doc = extract_text("حمایت صندوق نوآوری و شکوفایی از سامانه «بازار فناوری» ادامه دارد.")
    assert ("SUPPORTS", "صندوق نوآوری و شکوفایی", "سامانه بازار فناوری") in facts(doc)


def test_subject_organisation_runs_the_object_project():
    doc = extract_text("سازمان فناوری اطلاعات ایران پروژه «دروازه داده» را اجرا می‌کند.")
    assert ("RESPONSIBLE_FOR", "سازمان فناوری اطلاعات ایران", "پروژه دروازه داده") in facts(doc)


def test_trigger_without_an_organisation_gives_nothing():
    doc = extract_text("همکاری در سامانه «بازار فناوری» ادامه دارد.")
    assert facts(doc, "PARTICIPATES_IN") == set()


def test_council_meeting_led_by_a_governor_is_in_the_province():
    doc = extract_text("استاندار زنجان مهدی رضایی در جلسه شورای آموزش و پرورش گفت.")
    assert ("LOCATED_IN", "شورای آموزش و پرورش", "زنجان") in facts(doc)


def test_gazetteer_part_of_only_between_entities_of_the_article():
    doc = extract_text("سازمان فناوری اطلاعات ایران و وزارت ارتباطات نشست داشتند.")
    assert ("PART_OF", "سازمان فناوری اطلاعات ایران", "وزارت ارتباطات و فناوری اطلاعات") in facts(doc)
    alone = extract_text("سازمان فناوری اطلاعات ایران نشست داشت.")
    assert facts(alone, "PART_OF") == set()


# --- article facts and provenance ------------------------------------------------------------------------
def test_published_by_the_credited_agency():
    doc = extract_text("به گزارش ایرنا، مریم کاظمی گفت طرح آغاز شد.")
    published = [r for r in doc.relations if r.type == "PUBLISHED_BY"]
    assert len(published) == 1 and published[0].source == doc.article.id
    agency = next(e for e in doc.entities if e.id == published[0].target)
    assert agency.properties["kind"] == "news_agency"
    assert published[0].evidence[0].sentence.startswith("به گزارش ایرنا")


def test_every_relation_fits_the_schema_and_its_evidence_points_into_the_text():
    doc = extract_text("به گزارش ایسنا، مریم کاظمی، استاندار یزد، به استان کرمان سفر کرد.\n"
                       "وی در دیدار با شهرداری کرمان از اتصال دانشگاه کرمان به سامانه «پنجره واحد زمین» خبر داد.")
    schema = get_schema()
    types = {e.id: e.type for e in doc.entities}
    types[doc.article.id] = "Article"
    assert {r.type for r in doc.relations} >= {"HOLDS_POSITION", "VISITED", "MET_WITH", "LOCATED_IN",
                                                "PARTICIPATES_IN", "PUBLISHED_BY", "MENTIONED_IN"}
    for rel in doc.relations:
        schema.check_relation(rel.type, types[rel.source], types[rel.target])
        if rel.type == "MENTIONED_IN":
            assert rel.properties["count"] == len(rel.properties["mentions"])
            continue
        for ev in rel.evidence:
            assert doc.article.text[ev.start:ev.end] == ev.sentence
            assert ev.extractor and 0 < ev.confidence <= 1


def test_one_mentioned_in_per_entity_with_its_count():
    doc = extract_text("مریم کاظمی گفت. کاظمی افزود. کاظمی تأکید کرد.")
    mentioned = [r for r in doc.relations if r.type == "MENTIONED_IN"]
    assert len(mentioned) == len(doc.entities) == 1
    assert mentioned[0].properties["count"] == 3


def test_organisation_before_custodian_word_leads_the_project():
    doc = extract_text("وی افزود: بانک مرکزی متولی اجرای سامانه «پرداخت یکپارچه» است.")
    assert ("RESPONSIBLE_FOR", "بانک مرکزی جمهوری اسلامی ایران", "سامانه پرداخت یکپارچه") in facts(doc)


def test_subject_takes_part_but_not_when_only_ready_to():
    doc = extract_text("شهرداری کرج در اجرای پایلوت سامانه «شهر من» در استان البرز مشارکت دارد.")
    assert ("PARTICIPATES_IN", "شهرداری کرج", "سامانه شهر من") in facts(doc)
    assert ("LOCATED_IN", "سامانه شهر من", "البرز") in facts(doc)
    ready = extract_text("شهرداری کرج آمادگی همکاری در طراحی سامانه «شهر من» را دارد.")
    assert facts(ready, "PARTICIPATES_IN") == set()


def test_title_marked_also_is_someone_else():
    doc = extract_text("مریم کاظمی، رئیس دانشگاه شیراز، گفت کار آغاز شد.\n"
                       "مدیرکل ارتباطات و فناوری اطلاعات استان فارس نیز از اتصال شهرداری شیراز خبر داد.")
    assert roles(doc) == {("مریم کاظمی", "رئیس", "دانشگاه شیراز")}


def test_meeting_with_partners_before_the_verb():
    doc = extract_text("مریم کاظمی روز شنبه با حسن رضایی، استاندار قم، و دانشگاه قم دیدار و گفت‌وگو کرد.")
    assert ("MET_WITH", "مریم کاظمی", "حسن رضایی") in facts(doc)
    assert ("MET_WITH", "مریم کاظمی", "دانشگاه قم") in facts(doc)
    assert ("MET_WITH", "حسن رضایی", "مریم کاظمی") not in facts(doc)


def test_done_by_organisation():
    doc = extract_text("سامانه «رصد ملک» توسط شرکت مخابرات ایران راه‌اندازی شد.")
    assert ("RESPONSIBLE_FOR", "شرکت مخابرات ایران", "سامانه رصد ملک") in facts(doc)


def test_visit_to_a_city_is_a_visit_to_its_province():
    doc = extract_text("حسن کریمی، وزیر نیرو، روز شنبه به مشهد سفر کرد.")
    assert ("VISITED", "حسن کریمی", "خراسان رضوی") in facts(doc)
    assert facts(extract_text("حسن کریمی درباره مشهد سخن گفت."), "VISITED") == set()


def test_an_interview_is_not_a_meeting():
    doc = extract_text("مریم کاظمی در گفت‌وگو با خبرگزاری مهر گفت طرح ادامه دارد.")
    assert facts(doc, "MET_WITH") == set()


def test_title_led_position_cites_both_sentences():
    doc = extract_text("استاندار همدان از پیشرفت کارها خبر داد.\nبه گزارش ایرنا، علی رنجبر با اشاره به طرح‌ها گفت.")
    held = next(r for r in doc.relations if r.type == "HOLDS_POSITION")
    assert [e.sentence[:9] for e in held.evidence] == ["استاندار ", "به گزارش "]
    assert all(doc.article.text[e.start:e.end] == e.sentence for e in held.evidence)


def test_subject_organisation_a_few_words_before_the_object():
    doc = extract_text("وزارت ارتباطات امروز سامانه «پیشخوان» را راه‌اندازی کرد.")
    assert ("RESPONSIBLE_FOR", "وزارت ارتباطات و فناوری اطلاعات", "سامانه پیشخوان") in facts(doc)
    other = extract_text("سازمان فناوری اطلاعات ایران که دانشگاه تهران سامانه «پیشخوان» را راه‌اندازی کرد.")
    assert facts(other, "RESPONSIBLE_FOR") == set()


def test_this_organisation_as_custodian():
    doc = extract_text("شرکت ارتباطات زیرساخت گزارش داد. این شرکت مجری سامانه «پایش شبکه» است.")
    assert ("RESPONSIBLE_FOR", "شرکت ارتباطات زیرساخت", "سامانه پایش شبکه") in facts(doc)


def test_negated_connection_is_not_participation():
    doc = extract_text("دانشگاه شیراز هنوز به سامانه «پنجره خدمات» متصل نشده است.")
    assert facts(doc, "PARTICIPATES_IN") == set()
    doc = extract_text("دانشگاه شیراز به سامانه «پنجره خدمات» متصل شد.")
    assert ("PARTICIPATES_IN", "دانشگاه شیراز", "سامانه پنجره خدمات") in facts(doc)


# --- a title in one sentence, its holder named later (issue 10, family 1) --------------------------------
def test_title_subject_belongs_to_the_only_person_named_later():
    doc = extract_text("به گزارش ایرنا، وزیر ارتباطات و فناوری اطلاعات امروز وارد استان سمنان شد.\n"
                       "مرکز داده استان در این سفر افتتاح شد.\n"
                       "در پایان، سید ستار هاشمی بر توسعه شبکه تأکید کرد.")
    assert ("سید ستار هاشمی", "وزیر", "وزارت ارتباطات و فناوری اطلاعات") in roles(doc)
    assert ("VISITED", "سید ستار هاشمی", "سمنان") in facts(doc)


def test_title_subject_with_two_untitled_people_names_nobody():
    doc = extract_text("وزیر ارتباطات و فناوری اطلاعات امروز وارد استان سمنان شد.\n"
                       "در این آیین، حسن کریمی و مریم کاظمی نیز حضور داشتند.")
    assert roles(doc) == set()
    assert facts(doc, "VISITED") == set()


def test_title_subject_is_not_given_to_a_person_who_holds_another_post():
    doc = extract_text("استاندار سمنان از طرح‌ها بازدید کرد.\n"
                       "در این بازدید، حسن کریمی، رئیس دانشگاه سمنان، گزارشی ارائه کرد.")
    assert roles(doc) == {("حسن کریمی", "رئیس", "دانشگاه سمنان")}


# --- visits and meetings in their news forms (issue 10, family 6) ----------------------------------------
def test_arrival_in_a_province_is_a_visit():
    doc = extract_text("حسن کریمی، وزیر نیرو، صبح امروز وارد استان کرمان شد.")
    assert ("VISITED", "حسن کریمی", "کرمان") in facts(doc)
    assert facts(extract_text("حسن کریمی گفت این طرح وارد مرحله اجرا شد."), "VISITED") == set()


def test_welcome_by_a_governor_places_the_visitor_in_the_province():
    doc = extract_text("حسن کریمی با استقبال استاندار ایلام وارد این استان شد.")
    assert ("VISITED", "حسن کریمی", "ایلام") in facts(doc)
    host = extract_text("استاندار ایلام مهدی رضایی از استقبال مردم تشکر کرد.")
    assert facts(host, "VISITED") == set()


def test_two_people_who_met_each_other():
    doc = extract_text("حسن کریمی استاندار قم و مریم کاظمی رئیس دانشگاه قم امروز دیدار و گفت‌وگو کردند.")
    assert ("MET_WITH", "حسن کریمی", "مریم کاظمی") in facts(doc)
    one = extract_text("حسن کریمی و مریم کاظمی در دیدار با مردم سخن گفتند.")
    assert ("MET_WITH", "حسن کریمی", "مریم کاظمی") not in facts(one)


def test_joint_meeting_of_a_titled_host_with_an_organisation():
    doc = extract_text("استاندار قم حسن کریمی سخن گفت. در نشست مشترک استاندار قم با مدیران دانشگاه قم طرح‌ها بررسی شد.")
    assert ("MET_WITH", "حسن کریمی", "دانشگاه قم") in facts(doc)


# --- roles outside the old title list (issue 10, family 2) -----------------------------------------------
def test_role_with_and_inside_its_field():
    doc = extract_text("حسن کریمی، معاون توسعه مدیریت و منابع استانداری کرمان، گفت.")
    assert roles(doc) == {("حسن کریمی", "معاون توسعه مدیریت و منابع", "استانداری کرمان")}
    assert roles(extract_text("مدیر و کارکنان شرکت مخابرات ایران حضور داشتند. حسن کریمی گفت.")) == set()


def test_body_chaired_by_a_person():
    doc = extract_text("جلسه شورای اطلاع‌رسانی استان کرمان به ریاست حسن کریمی، معاون استاندار، برگزار شد.")
    assert ("حسن کریمی", "رئیس", "شورای اطلاع‌رسانی استان کرمان") in roles(doc)


def test_body_chaired_by_a_titled_person_named_before():
    doc = extract_text("استاندار کرمان حسن کریمی گفت. نشست شورای اداری استان کرمان به ریاست استاندار کرمان برگزار شد.")
    assert ("حسن کریمی", "رئیس", "شورای اداری استان کرمان") in roles(doc)


def test_bare_minister_is_the_articles_only_ministry():
    doc = extract_text("وزارت ارتباطات طرح را آغاز کرد. حسن کریمی، مشاور وزیر، گفت.")
    assert roles(doc) == {("حسن کریمی", "مشاور وزیر", "وزارت ارتباطات و فناوری اطلاعات")}
    two = extract_text("وزارت ارتباطات و وزارت نیرو طرح را آغاز کردند. حسن کریمی، مشاور وزیر، گفت.")
    assert roles(two) == set()


def test_title_of_this_company():
    doc = extract_text("شرکت مخابرات ایران طرح را آغاز کرد. حسن کریمی، مدیرعامل این شرکت، گفت.")
    assert roles(doc) == {("حسن کریمی", "مدیرعامل", "شرکت مخابرات ایران")}


def test_person_as_title():
    doc = extract_text("در این مجمع، حسن کریمی به عنوان عضو هیئت‌مدیره شرکت مخابرات ایران انتخاب شد.")
    assert roles(doc) == {("حسن کریمی", "عضو هیئت‌مدیره", "شرکت مخابرات ایران")}


def test_title_next_to_the_second_of_two_people_is_theirs():
    doc = extract_text("نادر حیدری در دیدار با شهرام عباسی، دبیر شورای اسلامی شهر تبریز، گفت.")
    assert roles(doc) == {("شهرام عباسی", "دبیر", "شورای اسلامی شهر تبریز")}


# --- implementers and partners (issue 10, family 4) ------------------------------------------------------
def test_every_partner_of_a_list_takes_part_in_this_project():
    doc = extract_text("طرح «اینترنت روستایی» آغاز شد. این طرح با مشارکت همراه اول، رایتل و شرکت ارتباطات زیرساخت اجرا می‌شود.")
    for org in ("همراه اول", "رایتل", "شرکت ارتباطات زیرساخت"):
        assert ("PARTICIPATES_IN", org, "طرح اینترنت روستایی") in facts(doc)


def test_a_list_of_subjects_takes_part():
    doc = extract_text("طرح «پوشش جاده‌ها» آغاز شد. همراه اول، ایرانسل و رایتل در این طرح مشارکت دارند.")
    assert {o for t, o, _ in facts(doc, "PARTICIPATES_IN")} == {"همراه اول", "ایرانسل", "رایتل"}
    hedged = extract_text("طرح «پوشش جاده‌ها» آغاز شد. همراه اول و ایرانسل آمادگی مشارکت در این طرح را دارند.")
    assert facts(hedged, "PARTICIPATES_IN") == set()


def test_custodian_written_after_the_project():
    doc = extract_text("متولی اجرای پروژه «پنجره تجارت»، سازمان توسعه تجارت ایران است.")
    assert ("RESPONSIBLE_FOR", "سازمان توسعه تجارت ایران", "پروژه پنجره تجارت") in facts(doc)
    doc = extract_text("طرح «پوشش جاده‌ها» آغاز شد. مجری این طرح، شرکت ارتباطات زیرساخت است.")
    assert ("RESPONSIBLE_FOR", "شرکت ارتباطات زیرساخت", "طرح پوشش جاده‌ها") in facts(doc)
    unclosed = extract_text("متولی اجرای پروژه «پنجره تجارت»، سازمان توسعه تجارت ایران را تعیین کرد.")
    assert facts(unclosed, "RESPONSIBLE_FOR") == set()


def test_launched_through_the_efforts_of_an_organisation():
    doc = extract_text("سامانه «پیشخوان روستا» به همت شرکت مخابرات ایران راه‌اندازی شد.")
    assert ("RESPONSIBLE_FOR", "شرکت مخابرات ایران", "سامانه پیشخوان روستا") in facts(doc)
    doc = extract_text("پروژه «پارکینگ هوشمند» از سوی شهرداری کرج اجرا می‌شود.")
    assert ("RESPONSIBLE_FOR", "شهرداری کرج", "پروژه پارکینگ هوشمند") in facts(doc)


def test_it_after_a_joined_clause_is_the_project():
    doc = extract_text("سامانه «پیشخوان روستا» معرفی شد و سازمان فناوری اطلاعات ایران نیز در پیاده‌سازی آن مشارکت داشت.")
    assert ("PARTICIPATES_IN", "سازمان فناوری اطلاعات ایران", "سامانه پیشخوان روستا") in facts(doc)


def test_person_managing_this_project():
    doc = extract_text("پروژه «پارکینگ هوشمند» آغاز شد. علی نادری، مدیر این پروژه، گفت کار ادامه دارد.")
    assert ("RESPONSIBLE_FOR", "علی نادری", "پروژه پارکینگ هوشمند") in facts(doc)
    other = extract_text("پروژه «پارکینگ هوشمند» آغاز شد. علی نادری، مدیر شرکت مخابرات ایران، گفت.")
    assert facts(other, "RESPONSIBLE_FOR") == set()


def test_project_carried_out_in_a_province():
    doc = extract_text("طرح «اینترنت روستایی» در ۳۵۰ روستای استان کرمان آغاز شد.")
    assert ("LOCATED_IN", "طرح اینترنت روستایی", "کرمان") in facts(doc)
    told = extract_text("طرح «اینترنت روستایی» به گفته مدیران شرکت مخابرات ایران در استان کرمان آغاز شد.")
    assert facts(told, "LOCATED_IN") == set()


def test_relative_clause_after_the_subject_is_about_the_subject():
    doc = extract_text("حسن کریمی، وزیر نیرو، که در جریان سفر به استان کردستان از طرح‌ها بازدید می‌کرد، "
                       "در دیدار با مریم کاظمی، استاندار کردستان، گفت.")
    assert ("VISITED", "حسن کریمی", "کردستان") in facts(doc)
    assert ("MET_WITH", "حسن کریمی", "مریم کاظمی") in facts(doc)
    inner = extract_text("حسن کریمی از طرحی گفت که مریم کاظمی در سفر به استان کردستان دیده بود.")
    assert ("VISITED", "حسن کریمی", "کردستان") not in facts(inner)


def test_meeting_partners_end_where_the_list_ends():
    doc = extract_text("حسن کریمی در دیدار با مریم کاظمی بر راه‌اندازی شرکت مخابرات ایران تأکید کرد.")
    assert facts(doc, "MET_WITH") == {("MET_WITH", "حسن کریمی", "مریم کاظمی")}


def test_a_person_described_otherwise_is_not_the_titled_one():
    doc = extract_text("مدیرکل ارتباطات و فناوری اطلاعات استان کردستان از اتصال روستاها خبر داد.\n"
                       "کاوه رحیمی، یکی از اهالی روستا، گفت کار ادامه دارد.")
    assert roles(doc) == set()


# --- rules written as patterns (loaders/data/relation_patterns.yaml) -------------------------------------
def test_organisations_joining_a_project():
    doc = extract_text("دانشگاه شیراز و شهرداری شیراز به سامانه «پنجره خدمات» پیوستند.")
    assert facts(doc, "PARTICIPATES_IN") == {("PARTICIPATES_IN", "دانشگاه شیراز", "سامانه پنجره خدمات"),
                                             ("PARTICIPATES_IN", "شهرداری شیراز", "سامانه پنجره خدمات")}
    assert facts(extract_text("دانشگاه شیراز هنوز به سامانه «پنجره خدمات» نپیوسته است."), "PARTICIPATES_IN") == set()


def test_organisation_carrying_out_a_project():
    for text in ("شرکت مخابرات ایران در حال اجرای طرح «فیبر خانگی» است.",
                 "شرکت مخابرات ایران با اجرای طرح «فیبر خانگی» پوشش را افزایش داد.",
                 "شرکت مخابرات ایران امروز طرح «فیبر خانگی» را رونمایی کرد."):
        assert ("RESPONSIBLE_FOR", "شرکت مخابرات ایران", "طرح فیبر خانگی") in facts(extract_text(text)), text
    for text in ("شرکت مخابرات ایران با اجرای طرح «فیبر خانگی» مخالفت کرد.",
                 "شرکت مخابرات ایران آمادگی اقدام به اجرای طرح «فیبر خانگی» را دارد."):
        assert facts(extract_text(text), "RESPONSIBLE_FOR") == set(), text


def test_project_built_with_an_investor():
    doc = extract_text("سامانه «فیبر خانگی» با سرمایه‌گذاری شرکت مخابرات ایران راه‌اندازی شد.")
    assert ("PARTICIPATES_IN", "شرکت مخابرات ایران", "سامانه فیبر خانگی") in facts(doc)


def test_visits_written_as_going_presence_and_hosting():
    for text in ("حسن کریمی، وزیر نیرو، امروز به استان ایلام رفت.",
                 "حسن کریمی، وزیر نیرو، با حضور در استان ایلام از طرح‌ها بازدید کرد.",
                 "استان ایلام امروز میزبان حسن کریمی، وزیر نیرو، بود."):
        assert ("VISITED", "حسن کریمی", "ایلام") in facts(extract_text(text)), text
    assert facts(extract_text("حسن کریمی گفت مردم استان ایلام به این طرح امید دارند."), "VISITED") == set()


def test_a_bad_pattern_is_reported_with_its_file_and_rule():
    import pytest

    from loaders.lexicon import LexiconError
    from loaders.relation_patterns import compile_rules

    with pytest.raises(LexiconError, match=r"patterns\.yaml: rule 1 \(x\): slot PROJECT"):
        compile_rules({"rules": [{"id": "x", "rel": "RESPONSIBLE_FOR", "from": "ORG", "to": "PROJECT",
                                  "pattern": "ORG اجرای"}]}, "patterns.yaml")
    with pytest.raises(LexiconError, match="a gap is"):
        compile_rules({"rules": [{"id": "y", "rel": "VISITED", "from": "PERSON", "to": "PROVINCE",
                                  "pattern": "PERSON *a PROVINCE"}]}, "patterns.yaml")
    twice = {"id": "z", "rel": "VISITED", "from": "PERSON", "to": "PROVINCE", "pattern": "PERSON به PROVINCE رفت"}
    with pytest.raises(LexiconError, match=r"rule 2: the id 'z' is taken"):
        compile_rules({"rules": [twice, dict(twice)]}, "patterns.yaml")


def test_more_visit_and_meeting_forms():
    for text in ("حسن کریمی، وزیر نیرو، در بدو ورود به استان ایلام گفت.",
                 "حسن کریمی، وزیر نیرو، امروز عازم استان ایلام شد.",
                 "حسن کریمی، وزیر نیرو، امروز در استان ایلام حضور یافت."):
        assert ("VISITED", "حسن کریمی", "ایلام") in facts(extract_text(text)), text
    goods = extract_text("حسن کریمی، وزیر نیرو، از ورود کالا به استان ایلام خبر داد.")
    assert facts(goods, "VISITED") == set()
    host = extract_text("حسن کریمی، استاندار ایلام، امروز میزبان مریم کاظمی، وزیر نیرو، بود.")
    assert ("MET_WITH", "حسن کریمی", "مریم کاظمی") in facts(host)
    both = extract_text("حسن کریمی و مریم کاظمی در دیداری بر توسعه طرح‌ها تأکید کردند.")
    assert ("MET_WITH", "حسن کریمی", "مریم کاظمی") in facts(both)


def test_member_of_parliament():
    doc = extract_text("حسن کریمی، نماینده مردم ایلام در مجلس شورای اسلامی، گفت.")
    assert roles(doc) == {("حسن کریمی", "نماینده", "مجلس شورای اسلامی")}


def test_subject_after_a_fronted_phrase():
    doc = extract_text("در سفر یک‌روزه به استان ایلام، حسن کریمی، وزیر نیرو، از سد بازدید کرد.")
    assert ("VISITED", "حسن کریمی", "ایلام") in facts(doc)
    doc = extract_text("در دیدار با مریم کاظمی، استاندار ایلام، حسن کریمی بر توسعه تأکید کرد.")
    assert facts(doc, "MET_WITH") == {("MET_WITH", "حسن کریمی", "مریم کاظمی")}
    passive = extract_text("در سفر به استان ایلام، طرح‌ها افتتاح شد و مریم کاظمی، استاندار ایلام، گفت.")
    assert facts(passive, "VISITED") == set()


# --- implementers, partners and sponsors in more news formulas ----------------------------------------------
def test_implementation_on_charge_and_entrusted_to_an_organisation():
    doc = extract_text("طرح «فیبر نوری روستایی» آغاز شد. طراحی و اجرای این طرح بر عهده شرکت مخابرات ایران است.\n"
                       "سامانه «ثبت الکترونیک اسناد» فعال شد. اجرای این سامانه به سازمان ثبت اسناد و املاک کشور "
                       "سپرده شده است.")
    got = facts(doc, "RESPONSIBLE_FOR")
    assert ("RESPONSIBLE_FOR", "شرکت مخابرات ایران", "طرح فیبر نوری روستایی") in got
    assert ("RESPONSIBLE_FOR", "سازمان ثبت اسناد و املاک کشور", "سامانه ثبت الکترونیک اسناد") in got


def test_organisation_taking_charge_apposed_or_as_implementer():
    doc = extract_text("شرکت ملی پست مسئولیت اجرای سامانه «نشانی دیجیتال» را بر عهده دارد.\n"
                       "شرکت ارتباطات زیرساخت، مجری طرح «اینترنت جاده‌ای»، از پیشرفت کار خبر داد.\n"
                       "سازمان فناوری اطلاعات ایران اجرای طرح «دولت هوشمند» را آغاز کرد.")
    orgs = {(s, p) for _, s, p in facts(doc, "RESPONSIBLE_FOR")}
    assert any(s.startswith("شرکت ملی پست") and p == "سامانه نشانی دیجیتال" for s, p in orgs)
    assert ("شرکت ارتباطات زیرساخت", "طرح اینترنت جاده‌ای") in orgs
    assert ("سازمان فناوری اطلاعات ایران", "طرح دولت هوشمند") in orgs


def test_planned_or_negated_implementation_is_not_a_fact():
    doc = extract_text("طرح «پوشش جاده‌ای» آغاز شد. شرکت ارتباطات زیرساخت مجری این طرح نیست.\n"
                       "سازمان فناوری اطلاعات ایران اجرای طرح «دولت هوشمند» را آغاز خواهد کرد.\n"
                       "شهرداری مشهد در راه‌اندازی سامانه «۱۳۷ هوشمند» نقشی نداشته است.")
    assert {f for f in facts(doc) if f[0] in ("RESPONSIBLE_FOR", "PARTICIPATES_IN")} == set()


def test_sponsors_announced_or_named():
    doc = extract_text("صندوق نوآوری و شکوفایی از حمایت مالی از طرح «شتابدهی استارتاپ‌ها» خبر داد.\n"
                       "بانک ملت حامی مالی رویداد «هکاتون شهر هوشمند» است.")
    got = facts(doc, "SUPPORTS")
    assert ("SUPPORTS", "صندوق نوآوری و شکوفایی", "طرح شتابدهی استارتاپ‌ها") in got
    assert ("SUPPORTS", "بانک ملت", "رویداد هکاتون شهر هوشمند") in got


def test_title_lead_then_name_after_a_time_phrase():
    doc = extract_text("مدیرکل ارتباطات و فناوری اطلاعات استان کرمان از اتصال ۹۵ روستا خبر داد.\n"
                       "روز دوشنبه علیرضا قاسمی‌نژاد در نشست خبری افزود: کار ادامه دارد.")
    assert roles(doc) == {("علیرضا قاسمی‌نژاد", "مدیرکل", "اداره کل ارتباطات و فناوری اطلاعات استان کرمان")}


def test_touring_a_province_but_not_a_planned_tour():
    doc = extract_text("رئیس سازمان فناوری اطلاعات ایران روز گذشته از استان کرمانشاه بازدید کرد.\n"
                       "محمدجواد آذری در این سفر گفت کار ادامه دارد.\n"
                       "مریم کاظمی هفته آینده از استان ایلام بازدید خواهد کرد.")
    assert facts(doc, "VISITED") == {("VISITED", "محمدجواد آذری", "کرمانشاه")}


def test_partners_named_after_with_or_as_partners_of_the_project():
    doc = extract_text("سامانه «پنجره واحد شهرداری‌ها» آغاز شد. همراه اول و ایرانسل شرکای اجرای این طرح هستند.\n"
                       "سازمان فناوری اطلاعات ایران با شرکت مخابرات ایران برای اجرای طرح «اینترنت روستایی» همکاری "
                       "می‌کند.\nبانک ملت با رایتل در طرح «اینترنت روستایی» همکاری نمی‌کند.")
    got = {(s, p) for _, s, p in facts(doc, "PARTICIPATES_IN")}
    assert {("همراه اول", "سامانه پنجره واحد شهرداری‌ها"), ("ایرانسل", "سامانه پنجره واحد شهرداری‌ها"),
            ("شرکت مخابرات ایران", "طرح اینترنت روستایی")} <= got
    assert not any(s in ("بانک ملت", "رایتل") for s, _ in got)


def test_support_declared_or_as_sponsor_but_not_when_denied():
    doc = extract_text("صندوق نوآوری و شکوفایی حمایت خود را از طرح «شتابدهی استارتاپ‌ها» اعلام کرد.\n"
                       "بانک ملت به عنوان حامی رویداد «هکاتون کیش» حضور دارد.\n"
                       "بانک تجارت حمایت خود را از رویداد «نوآوری شیراز» اعلام نکرد.")
    assert facts(doc, "SUPPORTS") == {("SUPPORTS", "صندوق نوآوری و شکوفایی", "طرح شتابدهی استارتاپ‌ها"),
                                      ("SUPPORTS", "بانک ملت", "رویداد هکاتون کیش")}


def test_name_then_comma_and_a_time_phrase_still_holds_the_lead_title():
    doc = extract_text("استاندار سمنان از افتتاح طرح‌ها خبر داد.\n"
                       "محمدجواد کولیوند، روز دوشنبه در آیین افتتاح گفت: کار ادامه دارد.")
    assert roles(doc) == {("محمدجواد کولیوند", "استاندار", "استانداری سمنان")}
    resident = extract_text("استاندار سمنان از افتتاح طرح‌ها خبر داد.\n"
                            "محمدجواد کولیوند، یکی از اهالی روستا، گفت: کار ادامه دارد.")
    assert roles(resident) == set()


def test_implementer_after_a_place_phrase_following_the_project():
    doc = extract_text("اجرای طرح «هوشمندسازی مدارس» در ۱۲ استان کشور به سازمان فناوری اطلاعات ایران سپرده شد.")
    assert facts(doc, "RESPONSIBLE_FOR") == {("RESPONSIBLE_FOR", "سازمان فناوری اطلاعات ایران",
                                              "طرح هوشمندسازی مدارس")}


# --- who pays for a project: SUPPORTS, not RESPONSIBLE_FOR ---------------------------------------------------
PLAN = "طرح روستای هوشمند یزد آغاز شد. "
BUDGET = "سازمان مدیریت و برنامه‌ریزی استان یزد"


def test_an_event_held_with_the_support_of_organisations_is_supported_by_each():
    doc = extract_text("رویداد استارتاپ ویکند هوش مصنوعی اصفهان با حمایت صندوق نوآوری و شکوفایی و همراه اول برگزار شد.")
    assert {("SUPPORTS", org, "رویداد استارتاپ ویکند هوش مصنوعی اصفهان")
            for org in ("صندوق نوآوری و شکوفایی", "همراه اول")} <= facts(doc, "SUPPORTS")


def test_the_body_that_funds_a_project_supports_it_and_does_not_run_it():
    doc = extract_text(PLAN + f"اعتبار این طرح از سوی {BUDGET} تأمین شده است.")
    assert facts(doc, "SUPPORTS") == {("SUPPORTS", BUDGET, "طرح روستای هوشمند یزد")}
    assert not facts(doc, "RESPONSIBLE_FOR")
    doc = extract_text(PLAN + f"اعتبار این طرح هنوز از سوی {BUDGET} تأمین نشده است.")
    assert not facts(doc, "SUPPORTS") and not facts(doc, "RESPONSIBLE_FOR")


def test_money_set_aside_for_a_project_supports_it_but_a_plan_to_does_not():
    doc = extract_text(PLAN + "استانداری یزد ۲۰۰ میلیارد ریال از اعتبارات استانی را به این طرح اختصاص داده است.")
    assert facts(doc, "SUPPORTS") == {("SUPPORTS", "استانداری یزد", "طرح روستای هوشمند یزد")}
    for hedged in ("استانداری یزد قرار است ۲۰۰ میلیارد ریال به این طرح اختصاص دهد.",
                   "استانداری یزد هنوز اعتباری به این طرح اختصاص نداده است."):
        assert not facts(extract_text(PLAN + hedged), "SUPPORTS"), hedged


# --- who runs a project, in passive and object-first sentences; who exhibits at an event -------------------
def test_a_project_run_under_or_designed_by_an_organisation_is_its_responsibility():
    doc = extract_text("سامانه همتا زیر نظر سازمان تنظیم مقررات و ارتباطات رادیویی اداره می‌شود.")
    assert facts(doc, "RESPONSIBLE_FOR") == {("RESPONSIBLE_FOR", "سازمان تنظیم مقررات و ارتباطات رادیویی", "سامانه همتا")}
    assert not facts(extract_text("سامانه همتا زیر نظر سازمان تنظیم مقررات و ارتباطات رادیویی نیست."), "RESPONSIBLE_FOR")
    doc = extract_text("طرح پایش هوشمند تقاطع‌ها با طراحی و اجرای سازمان فناوری اطلاعات و ارتباطات شهرداری تهران اجرا شد.")
    assert ("RESPONSIBLE_FOR", "سازمان فناوری اطلاعات و ارتباطات شهرداری تهران", "طرح پایش هوشمند تقاطع‌ها") in facts(doc)


def test_a_project_written_before_its_runner_is_its_responsibility_unless_denied():
    doc = extract_text("طرح روستای هوشمند را استانداری یزد اجرا می‌کند.")
    assert ("RESPONSIBLE_FOR", "استانداری یزد", "طرح روستای هوشمند") in facts(doc)
    assert not facts(extract_text("طرح روستای هوشمند را استانداری یزد اجرا نمی‌کند."), "RESPONSIBLE_FOR")
    doc = extract_text("سوپراپلیکیشن «تهران من» رونمایی شد. کاربران این سامانه که سازمان فناوری اطلاعات و ارتباطات "
                       "شهرداری تهران آن را راه‌اندازی کرده، زیاد شده‌اند.")
    assert {t for _, s, t in facts(doc, "RESPONSIBLE_FOR") if s == "سازمان فناوری اطلاعات و ارتباطات شهرداری تهران"}


def test_exhibitors_take_part_in_an_exhibition_but_not_when_absent_or_only_planned():
    doc = extract_text("همراه اول و ایرانسل در نمایشگاه الکامپ حضور دارند.")
    assert facts(doc, "PARTICIPATES_IN") == {("PARTICIPATES_IN", org, "نمایشگاه الکامپ") for org in ("همراه اول", "ایرانسل")}
    for sentence in ("همراه اول در نمایشگاه الکامپ حضور ندارد.", "همراه اول قرار است در نمایشگاه الکامپ شرکت کند."):
        assert not facts(extract_text(sentence), "PARTICIPATES_IN"), sentence


def test_an_acronym_in_brackets_after_a_project_does_not_hide_where_it_is_carried_out():
    doc = extract_text("سعید موسوی گفت: طرح فیبر نوری تا منزل (FTTH) در استان زنجان در حال اجراست.")
    assert ("LOCATED_IN", "طرح ملی فیبر نوری منازل", "زنجان") in facts(doc)


def test_each_adjunct_of_an_event_names_its_own_role():
    doc = extract_text("رویداد استارتاپ ویکند کرج به همت جهاد دانشگاهی استان البرز، با حمایت شهرداری کرج و پارک علم و "
                       "فناوری البرز برگزار شد.")
    event = "رویداد استارتاپ ویکند کرج"
    assert ("RESPONSIBLE_FOR", "جهاد دانشگاهی استان البرز", event) in facts(doc)
    assert {("SUPPORTS", org, event) for org in ("شهرداری کرج", "پارک علم و فناوری البرز")} <= facts(doc)
    doc = extract_text(f"{event} با حمایت شهرداری کرج و با مشارکت دانشگاه خوارزمی برگزار شد.")
    assert ("PARTICIPATES_IN", "دانشگاه خوارزمی", event) in facts(doc)
    assert ("SUPPORTS", "شهرداری کرج", event) in facts(doc)


def test_the_employer_of_a_project_runs_it():
    doc = extract_text("طرح روستای هوشمند چابهار آغاز شد. کارفرمای این پروژه سازمان منطقه آزاد چابهار است.")
    assert ("RESPONSIBLE_FOR", "سازمان منطقه آزاد چابهار", "طرح روستای هوشمند چابهار") in facts(doc)


def test_a_title_after_the_dateline_goes_to_the_person_named_next():
    for dateline in ("یزد- ایرنا- ", "یزد - "):
        doc = extract_text(f"{dateline}معاون توسعه مدیریت و منابع استانداری یزد گفت: کار تمام شد. به گزارش ایرنا، رضا "
                           "حسینی زاده روز سه شنبه در نشست کارگروه افزود: کار ادامه دارد.")
        assert ("HOLDS_POSITION", "رضا حسینی زاده", "استانداری یزد") in facts(doc), dateline


# --- full-length articles (f11): a title one sentence, its holder's name the next ---------------------------
def test_a_title_after_a_fronted_phrase_is_held_by_the_name_opening_the_next_sentence():
    doc = extract_text("در ادامه این جلسه، دبیر شورای هوش مصنوعی استان کرمانشاه گزارشی ارائه کرد. "
                       "فرشاد رحیمی‌نژاد گفت: سند تدوین شده است.")
    assert ("فرشاد رحیمی‌نژاد", "دبیر", "شورای هوش مصنوعی استان کرمانشاه") in roles(doc)


def test_a_name_after_be_gofteh_holds_the_title_of_the_sentence_before():
    doc = extract_text("رئیس سازمان نظام صنفی رایانه‌ای استان خوزستان نیز گفت: ۸۵ شرکت حضور دارند. "
                       "به گفته مهدی کعب‌عمیر، دانشگاه‌ها از مشارکت‌کنندگان هستند.")
    assert ("مهدی کعب‌عمیر", "رئیس", "سازمان نظام صنفی رایانه‌ای استان خوزستان") in roles(doc)


def test_a_title_attending_is_held_by_a_new_name_opening_the_next_sentence():
    doc = extract_text("به گزارش وزارت ارتباطات و فناوری اطلاعات، طرح با حضور معاون وزیر و رئیس سازمان تنظیم "
                       "مقررات و ارتباطات رادیویی افتتاح شد. وحید یامین‌پور گفت: طرح خوب است.")
    assert {("وحید یامین‌پور", "رئیس", "سازمان تنظیم مقررات و ارتباطات رادیویی"),
            ("وحید یامین‌پور", "معاون وزیر", "وزارت ارتباطات و فناوری اطلاعات")} <= roles(doc)


def test_two_unrelated_titles_attending_are_not_given_to_one_name():
    doc = extract_text("آزمایشگاه با حضور معاون رئیس‌جمهور و رئیس دانشگاه صنعتی اصفهان افتتاح شد. حسین افشین "
                       "گفت: زبان فارسی مهم است. رئیس دانشگاه صنعتی اصفهان نیز گفت: کار می‌کنیم. محمود مدرس هاشمی "
                       "افزود: خوب است.")
    held = roles(doc)
    assert ("محمود مدرس هاشمی", "رئیس", "دانشگاه صنعتی اصفهان") in held
    assert not any(person == "حسین افشین" and org == "دانشگاه صنعتی اصفهان" for person, _, org in held)


def test_a_title_attending_is_not_given_to_a_name_described_otherwise_or_already_named():
    assert roles(extract_text("همایش با حضور استاندار قزوین برگزار شد. علی رضایی، یکی از شرکت‌کنندگان، گفت: "
                              "خوب بود.")) == set()
    doc = extract_text("علی رضایی در همایش سخنرانی کرد. همایش با حضور استاندار قزوین ادامه یافت. "
                       "علی رضایی گفت: خوب بود.")
    assert not any(org == "استانداری قزوین" for _, _, org in roles(doc))


# --- full-length articles (f11): partners in lists, relative clauses and events -----------------------------
def test_a_list_after_a_category_noun_takes_part_in_the_project_named_before():
    doc = extract_text("طرح «پوشش روستاهای مرزی» آغاز شد. وی افزود: اجرای این طرح بر عهده شرکت ارتباطات زیرساخت "
                       "است و اپراتورهای همراه اول و ایرانسل نیز در آن مشارکت دارند.")
    got = facts(doc, "PARTICIPATES_IN")
    assert {("PARTICIPATES_IN", "همراه اول", "طرح پوشش روستاهای مرزی"),
            ("PARTICIPATES_IN", "ایرانسل", "طرح پوشش روستاهای مرزی")} <= got


def test_partners_in_a_relative_clause_after_a_verb_take_part_in_the_project_of_the_clause():
    doc = extract_text("۱۴۰ روستا در قالب «طرح توسعه شبکه ملی اطلاعات در روستاها» متصل شدند که اپراتورهای همراه "
                       "اول، ایرانسل و رایتل در اجرای آن مشارکت داشتند.")
    assert {org for _, org, _ in facts(doc, "PARTICIPATES_IN")} == {"همراه اول", "ایرانسل", "رایتل"}


def test_the_first_bodies_to_join_a_system_take_part_in_it_but_not_when_denied():
    doc = extract_text("پنجره ملی خدمات دولت هوشمند فعال است. به گفته صدر، سازمان امور مالیاتی کشور و سازمان ثبت "
                       "احوال کشور نخستین دستگاه‌هایی بودند که به این سامانه متصل شدند.")
    assert {org for _, org, _ in facts(doc, "PARTICIPATES_IN")} == {"سازمان امور مالیاتی کشور", "سازمان ثبت احوال کشور"}
    doc = extract_text("سازمان امور مالیاتی کشور نخستین دستگاهی نبود که به پنجره ملی خدمات دولت هوشمند متصل شد.")
    assert facts(doc, "PARTICIPATES_IN") == set()


def test_an_exhibition_venue_is_an_organisation_and_this_edition_is_the_event():
    doc = extract_text("سومین نمایشگاه تخصصی فناوری اطلاعات خوزستان در محل نمایشگاه بین‌المللی اهواز گشایش یافت. "
                       "این نمایشگاه به همت سازمان نظام صنفی رایانه‌ای استان خوزستان برگزار می‌شود. به گفته وی، "
                       "شرکت فولاد خوزستان و دانشگاه شهید چمران اهواز از مشارکت‌کنندگان اصلی این دوره هستند.")
    event = "نمایشگاه تخصصی فناوری اطلاعات خوزستان"
    assert "نمایشگاه بین‌المللی اهواز" in names(doc, "Organization")
    assert ("RESPONSIBLE_FOR", "سازمان نظام صنفی رایانه‌ای استان خوزستان", event) in facts(doc)
    assert {("PARTICIPATES_IN", "شرکت فولاد خوزستان", event),
            ("PARTICIPATES_IN", "دانشگاه شهید چمران اهواز", event)} <= facts(doc)


def test_this_edition_points_to_an_event_not_to_another_project():
    doc = extract_text("طرح «پنجره واحد زمین» فعال شد. دانشگاه تبریز از مشارکت‌کنندگان اصلی این دوره است.")
    assert facts(doc, "PARTICIPATES_IN") == set()


def test_an_organisation_in_charge_of_a_system_named_before_is_responsible_for_it():
    doc = extract_text("سامانه «تهران من» فعال است. وی افزود: سازمان فناوری اطلاعات و ارتباطات شهرداری تهران مسئول "
                       "توسعه و پشتیبانی این سامانه است.")
    assert ("RESPONSIBLE_FOR", "سازمان فناوری اطلاعات و ارتباطات شهرداری تهران", "سامانه تهران من") in facts(doc)


def test_a_fund_paying_for_a_project_supports_it_but_not_when_denied():
    text = "طرح «پوشش روستاهای مرزی» آغاز شد. اعتبار این طرح از محل صندوق نوآوری و شکوفایی تأمین {} است."
    assert ("SUPPORTS", "صندوق نوآوری و شکوفایی", "طرح پوشش روستاهای مرزی") in facts(extract_text(text.format("شده")))
    assert facts(extract_text(text.format("نشده")), "SUPPORTS") == set()


def test_a_quoted_project_ending_in_a_province_is_located_there_but_not_one_opening_with_a_city():
    doc = extract_text("وزیر قول داد طرح «پوشش ارتباطی روستاهای کوهستانی گیلان» تکمیل شود.")
    assert ("LOCATED_IN", "طرح پوشش ارتباطی روستاهای کوهستانی گیلان", "گیلان") in facts(doc)
    assert facts(extract_text("طرح «گیلان هوشمند» آغاز شد."), "LOCATED_IN") == set()


def test_a_title_after_a_dateline_is_held_by_the_name_opening_the_next_sentence():
    doc = extract_text("مشهد- ایرنا- شهردار مشهد از آغاز فاز دوم طرح خبر داد. محمدرضا قلندر شریف روز یکشنبه گفت: "
                       "خوب است. قلندر شریف ادامه داد: خوب است.")
    assert roles(doc) == {("محمدرضا قلندر شریف", "شهردار", "شهرداری مشهد")}


def test_this_plan_points_to_the_last_plan_not_to_a_platform_named_after_it():
    doc = extract_text("طرح «مشهد هوشمند» آغاز شد. در فاز نخست ۳۰۰ خدمت روی سکوی «شهرزاد» قرار گرفت. فاز دوم این "
                       "طرح با مشارکت دانشگاه فردوسی مشهد اجرا می‌شود.")
    assert facts(doc, "PARTICIPATES_IN") == {("PARTICIPATES_IN", "دانشگاه فردوسی مشهد", "طرح مشهد هوشمند")}


def test_a_contract_for_a_system_with_a_company_makes_it_a_partner_but_not_when_unsigned():
    text = "قرارداد توسعه «سامانه یکپارچه صدور پروانه» با شرکت «داده‌پردازان شرق» امضا {} است."
    assert facts(extract_text(text.format("شده")), "PARTICIPATES_IN") == \
        {("PARTICIPATES_IN", "شرکت داده‌پردازان شرق", "سامانه یکپارچه صدور پروانه")}
    assert facts(extract_text(text.format("نشده")), "PARTICIPATES_IN") == set()


def test_quoted_companies_after_a_plural_head_provide_for_the_project():
    doc = extract_text("طرح «ابر دولت» آغاز شد. بر اساس این قرارداد، شرکت‌های «ابرک» و «پارس‌پک» زیرساخت پردازشی مورد "
                       "نیاز این طرح را تأمین می‌کنند.")
    assert {org for _, org, _ in facts(doc, "PARTICIPATES_IN")} == {"شرکت ابرک", "پارس‌پک"}


def test_an_organisation_announcing_a_launch_runs_the_system_but_a_titled_person_does_not_make_it_so():
    doc = extract_text("در خبری دیگر، بانک مرکزی از راه‌اندازی نسخه جدید «سامانه چکاد» خبر داد.")
    assert {(t, p) for t, _, p in facts(doc, "RESPONSIBLE_FOR")} == {("RESPONSIBLE_FOR", "سامانه چکاد")}
    assert facts(extract_text("رئیس بانک مرکزی از راه‌اندازی «سامانه چکاد» خبر داد."), "RESPONSIBLE_FOR") == set()


def test_the_first_ministry_to_move_into_the_cloud_takes_part_in_it():
    doc = extract_text("طرح «ابر دولت» آغاز شد. وزارت امور اقتصادی و دارایی نخستین وزارتخانه‌ای بود که همه "
                       "سامانه‌هایش را به ابر دولت منتقل کرد.")
    assert ("PARTICIPATES_IN", "وزارت امور اقتصادی و دارایی") in {(t, o) for t, o, _ in facts(doc)}


def test_a_title_chairing_the_meeting_is_held_by_the_name_opening_the_next_sentence():
    doc = extract_text("نشست شورا به ریاست معاون برنامه‌ریزی و توسعه منابع استاندار مازندران در ساری برگزار شد. "
                       "علی‌اصغر طهماسبی در این نشست گفت: خوب است.")
    assert ("HOLDS_POSITION", "علی‌اصغر طهماسبی", "استانداری مازندران") in facts(doc)


def test_partners_after_with_go_on_over_a_second_category_noun():
    doc = extract_text("فاز دوم طرح «مشهد هوشمند» با مشارکت دانشگاه فردوسی مشهد و اپراتورهای همراه اول و ایرانسل "
                       "اجرا می‌شود.")
    assert {org for _, org, _ in facts(doc, "PARTICIPATES_IN")} == {"دانشگاه فردوسی مشهد", "همراه اول", "ایرانسل"}


def test_a_title_after_a_fronted_meeting_phrase_is_held_by_the_name_after_be_gofteh():
    doc = extract_text("در ادامه این نشست، رئیس سازمان نظام صنفی رایانه‌ای استان مازندران گزارشی ارائه کرد. "
                       "به گفته سیده فاطمه حسینی زاده، ۴۵۰ شرکت عضو این سازمان هستند.")
    assert ("HOLDS_POSITION", "سیده فاطمه حسینی زاده", "سازمان نظام صنفی رایانه‌ای استان مازندران") in facts(doc)


def test_a_body_said_to_belong_to_another_is_part_of_it_but_not_when_denied():
    doc = extract_text("شرکت داده‌پردازان شرق، وابسته به شهرداری مشهد، این سامانه را طراحی کرد.")
    assert ("PART_OF", "شرکت داده‌پردازان شرق", "شهرداری مشهد") in facts(doc)
    doc = extract_text("پارک علم و فناوری خراسان از زیرمجموعه‌های دانشگاه فردوسی مشهد است.")
    assert ("PART_OF", "پارک علم و فناوری خراسان", "دانشگاه فردوسی مشهد") in facts(doc)
    doc = extract_text("شرکت داده‌پردازان شرق وابسته به شهرداری مشهد نیست.")
    assert facts(doc, "PART_OF") == set()
    assert facts(extract_text("دانشگاه تهران با شهرداری مشهد همکاری کرد."), "PART_OF") == set()


def test_a_deputy_of_the_president_for_a_field_holds_a_post_at_that_vice_presidency():
    doc = extract_text("حسین افشین، معاون علمی، فناوری و اقتصاد دانش‌بنیان رئیس‌جمهور گفت: زبان فارسی مهم است.")
    assert ("HOLDS_POSITION", "حسین افشین", "معاونت علمی، فناوری و اقتصاد دانش‌بنیان ریاست جمهوری") in facts(doc)
    doc = extract_text("محمدرضا عارف، معاون اول رئیس‌جمهور گفت: خوب است.")
    assert ("HOLDS_POSITION", "محمدرضا عارف", "نهاد ریاست جمهوری") in facts(doc)


def test_a_bare_rank_title_is_not_the_holder_of_another_rank_at_that_body():
    doc = extract_text("معاون پژوهشی دانشگاه بوعلی سینا گفت: تیم‌ها حاضرند. سعید بهرامی افزود: خوب است. رئیس دانشگاه "
                       "بوعلی سینا نیز در دیدار با مدیرکل ارتباطات و فناوری اطلاعات استان همدان بر فیبر تأکید کرد.")
    assert facts(doc, "MET_WITH") == set()
    assert ("HOLDS_POSITION", "سعید بهرامی", "دانشگاه بوعلی سینا") in facts(doc)


def test_the_same_post_written_again_before_the_name_shares_the_chain_attending():
    doc = extract_text("همایش با حضور معاون وزیر ارتباطات و رئیس سازمان فناوری اطلاعات ایران آغاز شد. معاون وزیر که "
                       "دیروز وارد استان قم شده بود، گفت: خوب است. محمدمحسن صدر افزود: داده مهم است.")
    assert {("محمدمحسن صدر", "وزارت ارتباطات و فناوری اطلاعات"), ("محمدمحسن صدر", "سازمان فناوری اطلاعات ایران")} <= \
        {(p, o) for _, p, o in facts(doc, "HOLDS_POSITION")}


def test_the_secretary_of_the_conference_named_before_is_responsible_for_it():
    doc = extract_text("سومین همایش ملی حکمرانی داده و هوش مصنوعی در دانشگاه قم آغاز شد. مهدی حسین‌زاده، دبیر علمی "
                       "همایش و عضو هیئت علمی دانشگاه قم، گفت: مقاله رسید.")
    assert ("RESPONSIBLE_FOR", "مهدی حسین‌زاده", "همایش ملی حکمرانی داده و هوش مصنوعی") in facts(doc)
    assert facts(extract_text("همایش مدیران برگزار شد. علی کریمی، دبیر همایش گفت: خوب بود."), "RESPONSIBLE_FOR") == set()


def test_running_an_event_is_on_the_faculty_named_after_it():
    doc = extract_text("نخستین رویداد ملی «داده‌کاوی سلامت» آغاز شد. وی افزود: برگزاری این رویداد بر عهده دانشکده "
                       "مهندسی کامپیوتر دانشگاه بوعلی سینا است.")
    assert ("RESPONSIBLE_FOR", "دانشکده مهندسی کامپیوتر دانشگاه بوعلی سینا", "رویداد داده‌کاوی سلامت") in facts(doc)


def test_a_person_who_chairs_a_body_in_a_relative_clause_holds_its_chair_but_not_when_denied():
    text = "رضا عباسی‌فر، که ریاست ستاد اقتصاد دیجیتال استان خوزستان را نیز بر عهده {}، افزود: خوب است."
    assert ("رضا عباسی‌فر", "رئیس", "ستاد اقتصاد دیجیتال استان خوزستان") in roles(extract_text(text.format("دارد")))
    assert roles(extract_text(text.format("ندارد"))) == set()


def test_an_organisation_written_after_a_systems_name_owns_it_but_not_after_this_event():
    doc = extract_text("سامانه «املاک و اسکان» وزارت راه و شهرسازی فعال شد.")
    assert facts(doc, "RESPONSIBLE_FOR") == {("RESPONSIBLE_FOR", "وزارت راه و شهرسازی", "سامانه املاک و اسکان")}
    doc = extract_text("سامانه «سجام» متعلق به سازمان بورس و اوراق بهادار است.")
    assert ("RESPONSIBLE_FOR", "سازمان بورس و اوراق بهادار", "سامانه سجام") in facts(doc)
    doc = extract_text("سومین نمایشگاه ملی فناوری اطلاعات آغاز شد. در این نمایشگاه شرکت مخابرات ایران حضور دارد.")
    assert facts(doc, "RESPONSIBLE_FOR") == set()
    doc = extract_text("پس از راه‌اندازی سامانه «سجام»، سازمان بورس و اوراق بهادار اعلام کرد.")
    assert facts(doc, "RESPONSIBLE_FOR") == set()


def test_the_holder_named_late_also_holds_the_same_post_attending_earlier_and_its_chain():
    doc = extract_text("کمیسیون صنایع مجلس با حضور معاون وزیر کشور و رئیس سازمان شهرداری‌ها و دهیاری‌های کشور، لایحه "
                       "را بررسی کرد. مصطفی طاهری، سخنگوی کمیسیون صنایع مجلس، گفت: موافقت شد. وی افزود: خوب است. به گفته طاهری، کار "
                       "ادامه دارد. "
                       "معاون وزیر کشور در این جلسه گفت: خوب. محمد جواد فلاح افزود: خوب است.")
    assert {("محمد جواد فلاح", "وزارت کشور"), ("محمد جواد فلاح", "سازمان شهرداری‌ها و دهیاری‌های کشور")} <= \
        {(p, o) for _, p, o in facts(doc, "HOLDS_POSITION")}


def test_a_bill_drafted_by_a_ministry_and_a_system_launched_by_a_body_with_a_partner():
    doc = extract_text("کمیسیون لایحه «حمایت از داده‌های شخصی» را بررسی کرد. وی افزود: تدوین این لایحه بر عهده "
                       "وزارت ارتباطات و فناوری اطلاعات بوده است.")
    assert ("RESPONSIBLE_FOR", "وزارت ارتباطات و فناوری اطلاعات", "لایحه حمایت از داده‌های شخصی") in facts(doc)
    doc = extract_text("فلاح افزود: سامانه «دهیاری الکترونیک» را سازمان شهرداری‌ها و دهیاری‌های کشور با همکاری شرکت "
                       "ملی پست راه‌اندازی کرده است.")
    assert ("RESPONSIBLE_FOR", "سازمان شهرداری‌ها و دهیاری‌های کشور", "سامانه دهیاری الکترونیک") in facts(doc)
    assert ("PARTICIPATES_IN", "شرکت ملی پست جمهوری اسلامی ایران", "سامانه دهیاری الکترونیک") in facts(doc)
    assert names(extract_text("لایحه بودجه تصویب شد."), "Project") == set()


def test_the_contractor_of_a_part_of_the_project_named_as_predicate_takes_part_but_not_when_denied():
    text = "طرح «ارتقای دفاتر روستایی» آغاز شد. وی گفت: پیمانکار بخش فیبر نوری این طرح، شرکت مخابرات منطقه مازندران {}."
    assert ("PARTICIPATES_IN", "مخابرات منطقه مازندران", "طرح ارتقای دفاتر روستایی") in \
        facts(extract_text(text.format("است")))
    assert facts(extract_text(text.format("نیست")), "PARTICIPATES_IN") == set()


def test_a_data_centre_being_built_is_a_project():
    doc = extract_text("مرکز داده استانی خوزستان افتتاح شد.")
    assert names(doc, "Project") == {"مرکز داده استانی خوزستان"}
    assert ("LOCATED_IN", "مرکز داده استانی خوزستان", "خوزستان") in facts(doc)


def test_organisations_present_in_a_project_take_part_in_it_unless_absent():
    plan = "طرح پوشش نسل چهارم روستاهای یزد آغاز شد. "
    doc = extract_text(plan + "در این طرح همراه اول و ایرانسل به‌عنوان اپراتورهای مجری حضور دارند.")
    assert {s for _, s, _ in facts(doc, "PARTICIPATES_IN")} == {"همراه اول", "ایرانسل"}
    assert not facts(extract_text(plan + "در این طرح همراه اول حضور ندارد."), "PARTICIPATES_IN")
