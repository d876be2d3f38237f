"""Entity pattern families of the Persian extractor, each with positive and negative cases."""
from __future__ import annotations

from tests.extract_helpers import extract_text, facts, names


# --- provinces -------------------------------------------------------------------------------------------
def test_province_by_name_and_with_ostan():
    doc = extract_text("طرح در استان خوزستان و در گیلان اجرا شد.")
    assert names(doc, "Province") == {"خوزستان", "گیلان"}


def test_ambiguous_province_needs_ostan():
    assert names(extract_text("ساختمان مرکزی این نهاد بازسازی شد."), "Province") == set()
    assert names(extract_text("نمایندگان استان مرکزی جلسه داشتند."), "Province") == {"مرکزی"}


def test_province_variants_are_one_entity():
    doc = extract_text("در آذربایجان‌شرقی و استان آذربایجان شرقی همایش برگزار شد.")
    assert names(doc, "Province") == {"آذربایجان شرقی"}


# --- organisations ---------------------------------------------------------------------------------------
def test_city_organisation_is_located_in_its_province():
    doc = extract_text("شهرداری شیراز با دانشگاه اصفهان تفاهم‌نامه امضا کرد.")
    assert {"شهرداری شیراز", "دانشگاه اصفهان"} <= names(doc, "Organization")
    assert ("LOCATED_IN", "شهرداری شیراز", "فارس") in facts(doc)
    assert ("LOCATED_IN", "دانشگاه اصفهان", "اصفهان") in facts(doc)


def test_head_name_ends_before_verbs_and_prepositions():
    doc = extract_text("انجمن تجارت الکترونیک همدان در این نشست اعلام کرد که آماده همکاری است.")
    assert names(doc, "Organization") == {"انجمن تجارت الکترونیک همدان"}


def test_and_joins_short_conjuncts_but_not_two_organisations():
    doc = extract_text("کانون پژوهش و نوآوری با سازمان ملی استاندارد و شرکت پست همکاری می‌کند.")
    assert names(doc, "Organization") == {"کانون پژوهش و نوآوری", "سازمان ملی استاندارد ایران", "شرکت پست"}
    doc = extract_text("صندوق پژوهش و فناوری کردستان و دانشگاه کردستان تفاهم کردند.")
    orgs = names(doc, "Organization")
    assert "صندوق پژوهش و فناوری کردستان" in orgs
    assert "دانشگاه کردستان" in orgs


def test_counted_or_pointed_heads_are_not_names():
    doc = extract_text("سه شرکت دانش‌بنیان و این دانشگاه در طرح شرکت کردند و چند مرکز داده ساخته شد.")
    assert names(doc, "Organization") == set()


def test_bare_head_is_not_an_organisation():
    assert names(extract_text("سازمان باید گزارش بدهد و شرکت‌ها پاسخ دهند."), "Organization") == set()


def test_gazetteer_alias_gives_canonical_name():
    doc = extract_text("وزارت ارتباطات و ایدرو توافق کردند.")
    assert {"وزارت ارتباطات و فناوری اطلاعات", "سازمان گسترش و نوسازی صنایع ایران"} <= names(doc, "Organization")


def test_gazetteer_body_with_province_is_a_provincial_branch():
    doc = extract_text("سازمان نظام صنفی رایانه‌ای استان گیلان نمایشگاه برگزار کرد.")
    orgs = names(doc, "Organization")
    assert any(o.startswith("سازمان نظام صنفی رایانه‌ای") and o.endswith("گیلان") for o in orgs)
    assert any(f[0] == "LOCATED_IN" and f[2] == "گیلان" for f in facts(doc))


def test_governor_title_implies_governorate():
    doc = extract_text("استاندار سمنان از طرح‌ها بازدید کرد.")
    assert names(doc, "Organization") == {"استانداری سمنان"}
    assert ("LOCATED_IN", "استانداری سمنان", "سمنان") in facts(doc)
    assert names(doc, "Person") == set()


def test_director_general_title_implies_provincial_directorate():
    doc = extract_text("رضا کاظمی، مدیرکل ارتباطات و فناوری اطلاعات استان بوشهر، گفت طرح آغاز شد.")
    org = "اداره کل ارتباطات و فناوری اطلاعات استان بوشهر"
    assert org in names(doc, "Organization")
    assert ("LOCATED_IN", org, "بوشهر") in facts(doc)


# --- people ----------------------------------------------------------------------------------------------
def test_given_name_and_surname():
    assert names(extract_text("مریم کاظمی در جلسه حاضر شد."), "Person") == {"مریم کاظمی"}


def test_compound_given_name_variants_meet():
    doc = extract_text("محمدرضا کاظمی گفت. محمد رضا کاظمی افزود.")
    assert len(names(doc, "Person")) == 1


def test_honorific_with_surname_only():
    assert names(extract_text("دکتر کاظمی در این نشست سخنرانی کرد."), "Person") == {"کاظمی"}


def test_sayyid_is_kept_in_the_name():
    assert names(extract_text("سید مهدی موسوی گفت."), "Person") == {"سید مهدی موسوی"}


def test_no_person_from_a_bare_title():
    doc = extract_text("رئیس‌جمهور و وزیر کشور و معاون وزیر در جلسه حاضر بودند.")
    assert names(doc, "Person") == set()


def test_given_name_followed_by_function_word_is_not_a_person():
    assert names(extract_text("امید است این طرح اجرا شود."), "Person") == set()


def test_surname_alone_is_a_mention_not_a_new_person():
    doc = extract_text("مریم کاظمی، رئیس دانشگاه شیراز، گفت طرح آغاز شد. کاظمی افزود که کار ادامه دارد.")
    people = [e for e in doc.entities if e.type == "Person"]
    assert [p.name for p in people] == ["مریم کاظمی"]
    assert len(people[0].mentions) == 2


# --- projects --------------------------------------------------------------------------------------------
def test_quoted_name_after_head():
    doc = extract_text("سامانه «همیار شهروند» در شیراز رونمایی شد.")
    project = next(e for e in doc.entities if e.type == "Project")
    assert project.name == "سامانه همیار شهروند"
    assert "همیار شهروند" in project.aliases
    assert ("LOCATED_IN", "سامانه همیار شهروند", "فارس") in facts(doc)


def test_quoted_name_after_creating_verb():
    doc = extract_text("وزیر از راه‌اندازی «مرکز نوآوری دریایی» خبر داد و «توسعه پایدار» را مهم دانست.")
    assert names(doc, "Project") == {"مرکز نوآوری دریایی"}


def test_unquoted_project_name_with_place():
    doc = extract_text("پروژه فیبر نوری روستاهای کرمانشاه آغاز شد.")
    assert names(doc, "Project") == {"پروژه فیبر نوری روستاهای کرمانشاه"}
    assert ("LOCATED_IN", "پروژه فیبر نوری روستاهای کرمانشاه", "کرمانشاه") in facts(doc)


def test_generic_and_concept_heads_are_not_projects():
    doc = extract_text("طرح ملی و پروژه‌های بزرگ و طرح دولت هوشمند و برنامه‌ریزی دقیق لازم است. این طرح مهم است.")
    assert names(doc, "Project") == set()


def test_gazetteer_programme_from_alias():
    doc = extract_text("اتصال به شبکه ملی اطلاعات و سامانه شاهکار ادامه دارد.")
    assert {"شبکه ملی اطلاعات", "شاهکار"} <= names(doc, "Project")


def test_programme_declared_by_an_organisation():
    doc = extract_text("وزیر نیرو مدیریت مصرف آب را یکی از برنامه‌های اصلی وزارت نیرو دانست.")
    assert "مدیریت مصرف آب" in names(doc, "Project")
    assert ("RESPONSIBLE_FOR", "وزارت نیرو", "مدیریت مصرف آب") in facts(doc)


def test_mentions_point_into_the_text():
    doc = extract_text("مریم کاظمی، استاندار یزد، از شهرداری یزد بازدید کرد.")
    for entity in doc.entities:
        for mention in entity.mentions:
            assert doc.article.text[mention.start:mention.end] == mention.text


def test_comma_enumeration_inside_an_organisation_name():
    doc = extract_text("رئیس سازمان پژوهش، نوآوری و فناوری همدان گفت.")
    assert "سازمان پژوهش، نوآوری و فناوری همدان" in names(doc, "Organization")
    doc = extract_text("دانشگاه همدان، شهرداری همدان و استانداری همدان همکاری کردند.")
    assert {"دانشگاه همدان", "شهرداری همدان"} <= names(doc, "Organization")


def test_unknown_given_name_in_apposition_at_clause_start():
    doc = extract_text("به گزارش ایرنا، ژوبین ستاری، رئیس دانشگاه شیراز، گفت.")
    assert names(doc, "Person") == {"ژوبین ستاری"}
    assert names(extract_text("توسعه پایدار، رئیس دانشگاه شیراز را نگران کرد."), "Person") == set()
    assert names(extract_text("در جلسه سرمایه‌گذاری رضوی، رئیس دانشگاه شیراز گفت."), "Person") == set()


def test_two_word_surname_before_a_title():
    doc = extract_text("به گزارش ایرنا، محمدجواد آذری جهرمی وزیر پیشین ارتباطات امروز سخنرانی کرد.")
    assert names(doc, "Person") == {"محمدجواد آذری جهرمی"}
    assert names(extract_text("علی کاظمی امروز سخنرانی کرد."), "Person") == {"علی کاظمی"}


def test_county_word_before_a_city():
    doc = extract_text("فرماندار شهرستان بم از طرح‌ها بازدید کرد.")
    assert "فرمانداری بم" in names(doc, "Organization")
    assert ("LOCATED_IN", "فرمانداری بم", "کرمان") in facts(doc)


def test_honorific_and_surname_join_the_full_name_when_it_is_unique():
    doc = extract_text("مریم کاظمی گفت. دکتر کاظمی افزود.")
    assert [(e.name, len(e.mentions)) for e in doc.entities if e.type == "Person"] == [("مریم کاظمی", 2)]
    two = extract_text("دکتر کاظمی گفت. علی کاظمی و مریم کاظمی آمدند.")
    assert names(two, "Person") == {"کاظمی", "علی کاظمی", "مریم کاظمی"}


def test_gazetteer_official_variants_and_surname_are_one_person():
    doc = extract_text("سید ستار هاشمی گفت. ستار هاشمی افزود. هاشمی تاکید کرد.")
    people = [e for e in doc.entities if e.type == "Person"]
    assert [p.name for p in people] == ["سید ستار هاشمی"] and len(people[0].mentions) == 3


def test_quoted_concept_is_not_a_project():
    assert names(extract_text("وزیر از توسعه «اقتصاد دیجیتال» گفت."), "Project") == set()


def test_word_before_a_light_verb_ends_a_name():
    assert names(extract_text("نهاد مردمی فعال است."), "Organization") == set()
    assert names(extract_text("در جلسه شورا تصویب شد."), "Organization") == set()
    doc = extract_text("شرکت فن آوران پارس مجری طرح است و شرکت کنندگان آمدند.")
    assert names(doc, "Organization") == {"شرکت فن آوران پارس"}


# --- units named inside their parent organisation (issue 10, family 3) -----------------------------------
def test_unit_inside_its_parent_is_part_of_it_and_in_its_place():
    doc = extract_text("کمیته اقتصاد دیجیتال اتاق بازرگانی اصفهان جلسه‌ای برگزار کرد.")
    orgs = names(doc, "Organization")
    unit = "کمیته اقتصاد دیجیتال اتاق بازرگانی اصفهان"
    assert unit in orgs
    parent = next(o for o in orgs if o != unit)
    assert ("PART_OF", unit, parent) in facts(doc)
    assert ("LOCATED_IN", unit, "اصفهان") in facts(doc)


def test_unit_with_generic_field_words_and_a_governorate_parent():
    doc = extract_text("دفتر فناوری اطلاعات استانداری یزد گزارش داد.")
    assert ("PART_OF", "دفتر فناوری اطلاعات استانداری یزد", "استانداری یزد") in facts(doc)
    assert ("LOCATED_IN", "دفتر فناوری اطلاعات استانداری یزد", "یزد") in facts(doc)


def test_units_nest_and_a_bare_secretariat_takes_its_council():
    doc = extract_text("گزارش ستاد توسعه دولت هوشمند دبیرخانه شورای اطلاع‌رسانی استان یزد ارائه شد.")
    found = facts(doc, "PART_OF")
    assert ("PART_OF", "ستاد توسعه دولت هوشمند دبیرخانه شورای اطلاع‌رسانی استان یزد",
            "دبیرخانه شورای اطلاع‌رسانی استان یزد") in found
    assert ("PART_OF", "دبیرخانه شورای اطلاع‌رسانی استان یزد", "شورای اطلاع‌رسانی استان یزد") in found


def test_municipal_ict_organisation_is_part_of_the_municipality():
    doc = extract_text("سازمان فناوری اطلاعات و ارتباطات شهرداری اصفهان خدمات برخط را گسترش داد.")
    assert "سازمان فناوری اطلاعات ایران" not in names(doc, "Organization")
    assert ("PART_OF", "سازمان فناوری اطلاعات و ارتباطات شهرداری اصفهان", "شهرداری اصفهان") in facts(doc)


def test_subject_and_object_organisations_are_not_a_unit():
    doc = extract_text("سازمان فناوری اطلاعات ایران شرکت ارتباطات زیرساخت را موظف کرد.")
    assert names(doc, "Organization") == {"سازمان فناوری اطلاعات ایران", "شرکت ارتباطات زیرساخت"}
    doc = extract_text("کمیته فنی شرکت مخابرات ایران را به همکاری دعوت کرد.")
    assert not facts(doc, "PART_OF")


def test_place_ends_an_organisation_so_no_parent_follows():
    doc = extract_text("اداره کل راه و شهرسازی استان کرمان شرکت گاز استان کرمان را دعوت کرد.")
    assert {"اداره کل راه و شهرسازی استان کرمان", "شرکت گاز استان کرمان"} <= names(doc, "Organization")
    assert not facts(doc, "PART_OF")


def test_a_regional_telecom_company_is_one_organisation_in_its_province_however_it_is_written():
    for written in ("شرکت مخابرات منطقه لرستان", "مخابرات منطقه لرستان", "مخابرات استان لرستان"):
        doc = extract_text(f"{written} همکاری می‌کند.")
        assert ("LOCATED_IN", "مخابرات منطقه لرستان", "لرستان") in facts(doc), written
        (company,) = [e for e in doc.entities if e.name == "مخابرات منطقه لرستان"]
        assert "شرکت مخابرات منطقه لرستان" in company.aliases


def test_its_director_holds_a_position_in_it():
    doc = extract_text("مدیر مخابرات منطقه سمنان، کریم اسدی پور از نصب ۴۰ هزار پورت جدید خبر داد.")
    assert ("HOLDS_POSITION", "کریم اسدی پور", "مخابرات منطقه سمنان") in facts(doc)


def test_region_word_joins_a_place_to_a_company_name():
    doc = extract_text("شرکت توزیع برق منطقه لرستان همکاری می‌کند.")
    assert ("LOCATED_IN", "شرکت توزیع برق منطقه لرستان", "لرستان") in facts(doc)


def test_gazetteer_unit_ending_in_its_parent_is_part_of_it():
    doc = extract_text("کمیسیون صنایع و معادن مجلس شورای اسلامی گزارش را بررسی کرد.")
    assert ("PART_OF", "کمیسیون صنایع و معادن مجلس شورای اسلامی", "مجلس شورای اسلامی") in facts(doc)


# --- people written in many ways (issue 10, family 5) ----------------------------------------------------
def test_a_joined_honorific_before_a_surname_written_apart_is_one_person():
    doc = extract_text("سیدمهدی طاهری نژاد مدیرکل ارتباطات و فناوری اطلاعات استان گلستان گفت: کار تمام شد.")
    assert ("HOLDS_POSITION", "سیدمهدی طاهری نژاد", "اداره کل ارتباطات و فناوری اطلاعات استان گلستان") in facts(doc)


def test_a_second_surname_word_the_article_repeats_with_the_first_belongs_to_the_name():
    doc = extract_text("حمید رضوانی چلک روز دوشنبه در نشست خبری سخن گفت. رضوانی چلک افزود که کار ادامه دارد.")
    assert "حمید رضوانی چلک" in names(doc, "Person")
    doc = extract_text("حمید رضوانی امروز در نشست خبری سخن گفت. رضوانی امروز افزود که کار ادامه دارد.")
    assert names(doc, "Person") == {"حمید رضوانی"}
    doc = extract_text("حمید رضوانی چلک روز دوشنبه در نشست خبری سخن گفت.")
    assert "حمید رضوانی" in names(doc, "Person")


def test_compound_surname_written_apart_is_never_truncated():
    doc = extract_text("مهندس علی حسینی زاده، مدیرکل ارتباطات استان قم گفت. حسینی زاده افزود که کار ادامه دارد.")
    assert names(doc, "Person") == {"علی حسینی زاده"}
    doc = extract_text("گودرز اسماعیلی فرد، سرپرست اداره گفت. اسماعیلی‌فرد افزود که کار ادامه دارد.")
    assert names(doc, "Person") == {"گودرز اسماعیلی فرد"}


def test_rare_second_surname_word_and_unknown_given_name_after_an_honorific():
    doc = extract_text("دکتر فریبرز موسوی چلک، رئیس دانشگاه علوم پزشکی گیلان نیز سخن گفت.")
    assert names(doc, "Person") == {"فریبرز موسوی چلک"}
    doc = extract_text("دکتر بردیاس موسوی‌نیا، رئیس دانشگاه گیلان سخن گفت.")
    assert names(doc, "Person") == {"بردیاس موسوی‌نیا"}


def test_surname_alone_after_a_title_and_comma_is_a_person():
    doc = extract_text("مدیرکل بهزیستی استان گیلان، کاظمی‌پور گفت: پرونده‌ها تکمیل می‌شود.")
    assert names(doc, "Person") == {"کاظمی‌پور"}
    assert ("HOLDS_POSITION", "کاظمی‌پور", "اداره کل بهزیستی استان گیلان") in facts(doc)


def test_word_after_a_title_and_comma_is_not_a_surname_unless_shaped_like_one():
    doc = extract_text("وزیر ارتباطات، مردم را به صبر دعوت کرد. رئیس سازمان، توسعه را مهم دانست.")
    assert names(doc, "Person") == set()


def test_unknown_given_name_between_a_title_and_a_verb():
    doc = extract_text("استاندار فارس بردیاس رستگارفر گفت: کار ادامه دارد.")
    assert names(doc, "Person") == {"بردیاس رستگارفر"}


def test_village_names_and_idioms_are_not_people():
    doc = extract_text("روستاهای علی آباد، حسن آباد و رحیم آباد به شبکه متصل شدند. علی رغم سرما کار ادامه یافت.")
    assert names(doc, "Person") == set()
    doc = extract_text("حسن ختام برنامه‌ها افتتاح بود و نوید داده شده است که خیابان شهید رضا مدنی بازسازی شود.")
    assert names(doc, "Person") == set()


def test_surnames_ending_in_a_suffix_that_is_also_a_verb_stay_names():
    doc = extract_text("ناصر قلی‌زاده، مدیرکل ارتباطات استان گفت. حجت‌الاسلام غلامحسین محسنی اژه‌ای سخن گفت.")
    assert {"ناصر قلی‌زاده", "غلامحسین محسنی اژه‌ای"} <= names(doc, "Person")


# --- events, plans and networks with long names (issue 10, family 8) -------------------------------------
def test_event_name_runs_to_the_grammar_boundary_with_its_ordinal():
    doc = extract_text("سومین همایش ملی حکمرانی داده و هوش مصنوعی با حضور استادان در دانشگاه برگزار شد.")
    assert names(doc, "Project") == {"همایش ملی حکمرانی داده و هوش مصنوعی"}
    event = next(e for e in doc.entities if e.type == "Project")
    assert "سومین همایش ملی حکمرانی داده و هوش مصنوعی" in event.aliases


def test_exhibition_and_festival_names_stop_at_nیز_and_در_محل():
    doc = extract_text("نمایشگاه دستاوردهای شرکت‌های دانش‌بنیان حوزه هوش مصنوعی نیز در محل دانشگاه گشایش یافت. "
                       "جشنواره تولید محتوای بومی فضای مجازی اسفندماه برگزار می‌شود.")
    assert names(doc, "Project") == {"نمایشگاه دستاوردهای شرکت‌های دانش‌بنیان حوزه هوش مصنوعی",
                                     "جشنواره تولید محتوای بومی فضای مجازی"}


def test_plan_and_network_names_with_their_place():
    doc = extract_text("سند راهبردی هوش مصنوعی استان اصفهان تدوین می‌شود و از شبکه پایش هوشمند ترافیک شهر سمنان "
                       "رونمایی شد.")
    assert ("LOCATED_IN", "سند راهبردی هوش مصنوعی استان اصفهان", "اصفهان") in facts(doc)
    assert ("LOCATED_IN", "شبکه پایش هوشمند ترافیک شهر سمنان", "سمنان") in facts(doc)


def test_linking_plan_runs_through_its_be():
    doc = extract_text("طرح اتصال روستاهای استان به شبکه ملی اطلاعات تا پایان سال به پایان می‌رسد.")
    assert "طرح اتصال روستاهای استان به شبکه ملی اطلاعات" in names(doc, "Project")


def test_common_nouns_after_event_and_plan_heads_are_not_projects():
    doc = extract_text("در این همایش که امروز برگزار شد سند مالکیت زمین‌های این مراکز صادر شد و "
                       "شبکه بهداشت گزارش داد. همایش مدیران هم فردا است.")
    assert names(doc, "Project") == set()


def test_headline_short_form_joins_the_full_event_name():
    doc = extract_text("رویداد نوآوری صنعت نفت در اهواز آغاز شد\nدومین رویداد ملی نوآوری صنعت نفت امروز آغاز شد.")
    assert names(doc, "Project") == {"رویداد ملی نوآوری صنعت نفت"}


def test_data_is_a_noun_inside_a_name_but_given_before_an_auxiliary():
    doc = extract_text("کنفرانس ملی حکمرانی داده و امنیت برگزار شد. نوید داده شده است.")
    assert names(doc, "Project") == {"کنفرانس ملی حکمرانی داده و امنیت"}
    assert names(doc, "Person") == set()


# --- false positives (issue 10, family 10) ---------------------------------------------------------------
def test_function_and_time_words_end_organisation_names():
    doc = extract_text("شرکت پست استان مازندران طی سال جاری دفتر ساخت. بانک ملی ایران بامداد امروز اعلام کرد. "
                       "شرکت فولاد مبارکه جهت توسعه آماده است. سازمان تاکسیرانی همچنین اسفندماه گزارش داد.")
    assert names(doc, "Organization") == {"شرکت پست استان مازندران", "بانک ملی ایران", "شرکت فولاد مبارکه",
                                          "سازمان تاکسیرانی"}


def test_very_common_words_after_a_given_name_are_not_surnames():
    doc = extract_text("امید مردم به دولت زیاد است و کمال تشکر را داریم. حسن همجواری مهم است.")
    assert names(doc, "Person") == set()
    doc = extract_text("محمد صدر، رئیس سازمان گفت که کار ادامه دارد.")
    assert names(doc, "Person") == {"محمد صدر"}


def test_month_after_a_given_name_is_a_date_not_a_surname():
    doc = extract_text("مدیرکل ارتباطات، بهمن ماه را زمان پایان کار دانست و از آذرماه کار آغاز شد.")
    assert names(doc, "Person") == set()


def test_sayyid_joined_to_the_given_name_is_the_same_person():
    doc = extract_text("مهندس سیدمحمد اتابک، مدیرعامل شرکت گفت. سید محمد اتابک افزود که کار ادامه دارد.")
    assert len([e for e in doc.entities if e.type == "Person"]) == 1


def test_national_body_with_a_place_drops_its_whole_national_suffix():
    doc = extract_text("سازمان نظام پزشکی شهرستان کاشان بیانیه داد.")
    assert ("LOCATED_IN", "سازمان نظام پزشکی شهرستان کاشان", "اصفهان") in facts(doc)


def test_given_name_inside_an_event_name_that_is_not_a_person():
    doc = extract_text("نخستین جشنواره رسانه‌ای ابوذر در ایلام برگزار شد.")
    assert names(doc, "Project") == {"جشنواره رسانه‌ای ابوذر"}
    doc = extract_text("سازمان فناوری اطلاعات ایران علی رضایی را منصوب کرد.")
    assert names(doc, "Person") == {"علی رضایی"}


def test_national_programme_named_without_quotes_but_not_a_schedule():
    doc = extract_text("برنامه ملی توسعه دولت هوشمند تصویب شد. برنامه امروز لغو شد و برنامه کاری وزیر اعلام شد.")
    assert names(doc, "Project") == {"برنامه ملی توسعه دولت هوشمند"}


def test_more_organisation_heads_and_common_nouns_that_need_a_proper_name():
    doc = extract_text("جمعیت هلال احمر استان گیلان و کانون پرورش فکری کودکان و نوجوانان استان یزد کمک کردند. "
                       "بیمارستان امام رضا مشهد پذیرش الکترونیک دارد.")
    orgs = names(doc, "Organization")
    assert "کانون پرورش فکری کودکان و نوجوانان استان یزد" in orgs
    assert "بیمارستان امام رضا مشهد" in orgs
    assert any(o.startswith("جمعیت هلال احمر") for o in orgs)
    doc = extract_text("بیمارستان صحرایی برپا شد و آموزشگاه رانندگی تعطیل شد.")
    assert names(doc, "Organization") == set()


def test_unknown_name_before_a_title_without_a_comma_at_the_start_of_a_sentence():
    doc = extract_text("بردیاس کاظمی مدیرکل بهزیستی استان گیلان گفت: پرونده‌ها تکمیل می‌شود.")
    assert names(doc, "Person") == {"بردیاس کاظمی"}
    doc = extract_text("افزایش هزینه‌های جاری استاندار را نگران کرد.")
    assert names(doc, "Person") == set()


def test_directorate_named_by_its_domain_alone_before_ostan():
    doc = extract_text("آموزش و پرورش استان فارس اعلام کرد که کلاس‌ها برخط است. توسعه ارتباطات استان کرمان ضروری است.")
    assert names(doc, "Organization") == {"اداره کل آموزش و پرورش استان فارس"}
    assert ("LOCATED_IN", "اداره کل آموزش و پرورش استان فارس", "فارس") in facts(doc)


def test_one_provincial_body_named_two_ways_is_one_organisation():
    doc = extract_text("مدیرکل بهزیستی استان گیلان گفت: با همکاری بهزیستی استان گیلان کار انجام شد.")
    assert names(doc, "Organization") == {"اداره کل بهزیستی استان گیلان"}


def test_unknown_name_before_comma_and_title_after_a_function_word():
    doc = extract_text("در این مراسم بردیاس کاظمی، معاون استاندار گیلان گفت: کار ادامه دارد.")
    assert names(doc, "Person") == {"بردیاس کاظمی"}
    doc = extract_text("در حوزه خدمات الکترونیکی، معاون وزیر ارتباطات گفت که کار ادامه دارد.")
    assert names(doc, "Person") == set()


# --- round 2: general shapes -----------------------------------------------------------------------------
def test_spaced_compound_surname_runs_up_to_the_title():
    doc = extract_text("مسعود امامی یگانه، استاندار اردبیل در این نشست سخن گفت.")
    assert "مسعود امامی یگانه" in names(doc, "Person")
    doc = extract_text("محمدعلی نجفی کوهی مدیرکل ارتباطات و فناوری اطلاعات استان قم گفت: کار آغاز شد.")
    assert "محمدعلی نجفی کوهی" in names(doc, "Person")


def test_a_name_followed_by_an_ordinary_word_stays_short():
    doc = extract_text("علی کریمی امروز در جمع خبرنگاران گفت: کار آغاز شد.")
    assert names(doc, "Person") == {"علی کریمی"}


def test_a_name_written_in_full_once_is_not_cut_short_elsewhere():
    doc = extract_text("مسعود امامی یگانه، استاندار اردبیل سخن گفت. مسعود امامی یگانه افزود: کار آغاز شد.")
    assert names(doc, "Person") == {"مسعود امامی یگانه"}


def test_link_project_runs_through_its_place_to_what_is_linked():
    doc = extract_text("طرح اتصال روستاهای استان کرمان به شبکه ملی اطلاعات با مشارکت شرکت مخابرات ایران اجرا می‌شود.")
    assert "طرح اتصال روستاهای استان کرمان به شبکه ملی اطلاعات" in names(doc, "Project")
    assert ("LOCATED_IN", "طرح اتصال روستاهای استان کرمان به شبکه ملی اطلاعات", "کرمان") in facts(doc)


def test_place_after_dar_is_not_in_the_project_name():
    doc = extract_text("طرح اینترنت پرسرعت مدارس در استان گلستان اجرا شد.")
    assert names(doc, "Project") == {"طرح اینترنت پرسرعت مدارس"}


def test_single_window_and_quoted_applications_are_platforms():
    doc = extract_text("پنجره واحد خدمات سرمایه‌گذاری استان یزد رونمایی شد.")
    assert "پنجره واحد خدمات سرمایه‌گذاری استان یزد" in names(doc, "Project")
    doc = extract_text("نسخه جدید اپلیکیشن «اصفهان من» و نرم‌افزار «همدان همراه» منتشر شد.")
    assert {"اپلیکیشن اصفهان من", "نرم‌افزار همدان همراه"} <= names(doc, "Project")
    assert names(extract_text("این نرم‌افزار برای کاربران رایگان است."), "Project") == set()


def test_a_known_person_followed_by_more_of_a_name_is_someone_else():
    doc = extract_text("احمد وحیدی شجاع، معاون استاندار خوزستان افزود: خدمات باید برخط شود.")
    assert names(doc, "Person") == {"احمد وحیدی شجاع"}


def test_link_target_has_its_own_words():
    doc = extract_text("طرح انتقال خدمات دولتی استان سمنان به پنجره ملی خدمات دولت هوشمند تا پایان سال اجرا می‌شود.")
    assert names(doc, "Project") == {"طرح انتقال خدمات دولتی استان سمنان به پنجره ملی خدمات دولت هوشمند"}


def test_a_spaced_surname_runs_up_to_a_verb_of_saying_but_not_over_an_adverb():
    doc = extract_text("زهرا احمدی پور شیرازی افزود: کار آغاز شد.")
    assert names(doc, "Person") == {"زهرا احمدی پور شیرازی"}
    assert names(extract_text("رضا صادقی بارها گفت: کار آغاز شد."), "Person") == {"رضا صادقی"}
    assert names(extract_text("حسین رضایی قاطعانه گفت: کار آغاز شد."), "Person") == {"حسین رضایی"}


def test_a_project_name_may_open_with_an_action_noun_or_a_scope_before_its_link():
    doc = extract_text("پروژه ایجاد مرکز داده استان خوزستان با حضور استاندار خوزستان افتتاح شد.")
    assert "پروژه ایجاد مرکز داده استان خوزستان" in names(doc, "Project")
    doc = extract_text("طرح ملی اتصال مدارس روستایی استان سیستان و بلوچستان به اینترنت پرسرعت امروز آغاز شد.")
    assert names(doc, "Project") == {"طرح ملی اتصال مدارس روستایی استان سیستان و بلوچستان به اینترنت پرسرعت"}
    assert names(extract_text("پروژه اجرا شد و طرح ایجاد می‌شود."), "Project") == set()


def test_compound_names_in_lists_after_sadat_and_before_one_common_word_and_comma():
    doc = extract_text("با حضور حسن قاضی زاده هاشمی و محمدعلی نجفی کوهی، طرح جدید رونمایی شد.")
    assert {person.replace("\u200c", " ") for person in names(doc, "Person")} == {"حسن قاضی زاده هاشمی",
                                                                                  "محمدعلی نجفی کوهی"}
    doc = extract_text("فاطمه سادات موسوی نسب، مدیرکل امور بانوان استانداری تهران گفت: کار آغاز شد.")
    assert names(doc, "Person") == {"فاطمه سادات موسوی نسب"}
    doc = extract_text("دکتر بهرام صلواتی نیک، رئیس دانشگاه علوم پزشکی کرمان گفت: کار آغاز شد.")
    assert names(doc, "Person") == {"بهرام صلواتی نیک"}
    doc = extract_text("از تلاش‌های علی کریمی کارشناس نمونه، مدیرکل بهزیستی استان سمنان قدردانی شد.")
    assert names(doc, "Person") == {"علی کریمی"}


def test_a_two_word_noun_with_a_function_word_goes_on_inside_a_project_name():
    doc = extract_text("طرح پوشش تلفن همراه جاده‌های استان مازندران، با همکاری همراه اول اجرا می‌شود.")
    assert "طرح پوشش تلفن همراه جاده‌های استان مازندران" in names(doc, "Project")
    doc = extract_text("شرکت ارتباطات سیار همراه با شرکت مخابرات ایران طرح را اجرا کرد.")
    assert "شرکت ارتباطات سیار" in names(doc, "Organization")


def test_a_spaced_surname_after_an_honorific_is_the_person_named_in_full_before():
    doc = extract_text("محمدعلی نجفی کوهی، مدیرکل ارتباطات و فناوری اطلاعات استان قم سخن گفت. "
                       "مهندس نجفی کوهی افزود: کار آغاز شد.")
    assert names(doc, "Person") == {"محمدعلی نجفی کوهی"}


# --- crawled text and the words around names -------------------------------------------------------------
def test_a_perfect_verb_written_without_its_zwnj_ends_a_name():
    doc = extract_text("تاکنون ۱۸ استان شورای استانی هوش مصنوعی تشکیل دادهاند.")
    assert not [n for n in names(doc, "Organization") if "تشکیل" in n or "دادهاند" in n]
    assert not names(extract_text("در این نشست ۱۲ عضو جمعیت انتخاب شدهاند."), "Organization")


def test_words_of_amount_and_time_do_not_make_a_name():
    assert not names(extract_text("روستاهای بالای ۲۰ خانوار با جمعیت بیش از ۳۰۰ هزار نفر وصل شدند."), "Organization")
    assert not names(extract_text("کارگروه ظرف یک ماه گزارش خود را ارائه می کند."), "Organization")


def test_a_governorate_of_a_province_whose_name_is_also_a_word_ends_at_the_province():
    doc = extract_text("در این مراسم استانداری فارس تجربه شیراز را به دیگر شهرها منتقل می کند.")
    assert names(doc, "Organization") == {"استانداری فارس"}


def test_a_surname_that_is_a_place_before_a_title_is_a_person():
    doc = extract_text("وزیر با منصور بیجار استاندار سیستان و بلوچستان دیدار کرد. بیجار افزود: کار تمام شد.")
    assert ("HOLDS_POSITION", "منصور بیجار", "استانداری سیستان و بلوچستان") in facts(doc)
    assert names(doc, "Province") == {"سیستان و بلوچستان"}
    assert not names(extract_text("رضا کرمان را ترک کرد."), "Person")


def test_a_surname_ending_in_a_verbs_stem_is_still_a_surname():
    assert names(extract_text("حمیدرضا نیک‌سرشت گفت: کار تمام شد."), "Person") == {"حمیدرضا نیک‌سرشت"}


def test_an_indefinite_noun_after_a_title_is_no_person_and_both_titles_go_to_the_named_one():
    doc = extract_text("در این جلسه حمیدرضا نیک‌سرشت، رئیس دانشگاه هرمزگان و دبیر شورای هوش مصنوعی استان هرمزگان، "
                       "گزارشی از برنامه‌های دبیرخانه ارائه کرد.")
    assert names(doc, "Person") == {"حمیدرضا نیک‌سرشت"}
    assert {("HOLDS_POSITION", "حمیدرضا نیک‌سرشت", org) for org in ("دانشگاه هرمزگان", "شورای هوش مصنوعی استان هرمزگان")} \
        <= facts(doc)
    assert names(extract_text("معاون وزیر ارتباطات، کریمی گفت: کار تمام شد."), "Person") == {"کریمی"}


def test_a_surname_that_is_a_word_followed_by_a_suffix_written_apart_is_a_name():
    assert names(extract_text("علی اکبر نیک پور گفت: کار تمام شد."), "Person") == {"علی‌اکبر نیک پور"}
    assert not names(extract_text("علی رغم محدودیت ها کار تمام شد."), "Person")


def test_every_provinces_science_park_is_known_and_not_cut_at_a_shorter_place():
    doc = extract_text("غلامرضا کاظمی رئیس پارک علم و فناوری خراسان جنوبی گفت: نمایشگاه برگزار شد.")
    assert ("HOLDS_POSITION", "غلامرضا کاظمی", "پارک علم و فناوری خراسان جنوبی") in facts(doc)
    assert ("LOCATED_IN", "پارک علم و فناوری خراسان جنوبی", "خراسان جنوبی") in facts(doc)


def test_a_regional_telecom_company_is_part_of_the_national_one_when_both_are_named():
    doc = extract_text("مخابرات منطقه زنجان از شرکت های تابعه شرکت مخابرات ایران است.")
    assert ("PART_OF", "مخابرات منطقه زنجان", "شرکت مخابرات ایران") in facts(doc)


def test_company_names_of_contractors_keep_their_words_and_stop_at_their_role():
    assert names(extract_text("مشاور این طرح شرکت مهندسین مشاور نیوساز است."), "Organization") == \
        {"شرکت مهندسین مشاور نیوساز"}
    assert names(extract_text("شرکت رایان داده البرز پیمانکار این سامانه است."), "Organization") == \
        {"شرکت رایان داده البرز"}
    assert names(extract_text("شرکت رایان داده البرز فعال است."), "Organization") == {"شرکت رایان داده البرز"}
    doc = extract_text("پیمانکار پروژه شرکت داده پردازان است که قرارداد آن امضا شد.")
    assert not names(doc, "Project") and names(doc, "Organization") == {"شرکت داده پردازان"}


# --- full-length articles (f11): names with numbers, commas and plan heads ---------------------------------
def test_a_count_after_a_plural_goes_on_inside_a_project_name():
    doc = extract_text("این روستاها در قالب طرح اتصال روستاهای بالای ۲۰ خانوار به شبکه ملی اطلاعات پوشش می‌گیرند.")
    assert "طرح اتصال روستاهای بالای ۲۰ خانوار به شبکه ملی اطلاعات" in names(doc, "Project")


def test_a_quantity_word_without_a_plural_before_it_ends_a_project_name():
    assert names(extract_text("پیشرفت پروژه فیبر نوری بالای ۲۰ درصد است."), "Project") == {"پروژه فیبر نوری"}


def test_a_plan_named_with_two_words_and_a_place_is_a_project_but_not_an_event_or_a_network():
    assert "سند شهر هوشمند تهران" in names(extract_text("نسخه دوم سند شهر هوشمند تهران تدوین می‌شود."), "Project")
    assert names(extract_text("همایش مدیران تهران برگزار شد."), "Project") == set()
    assert names(extract_text("سند توسعه تهران تصویب شد."), "Project") == set()
    assert names(extract_text("شبکه بهداشت و درمان شهرستان ابهر اعلام کرد."), "Project") == set()


def test_a_head_that_needs_quotes_names_a_project_after_a_scope_and_two_words():
    doc = extract_text("مردم می‌توانند پرونده را از طریق درگاه ملی خدمات ثبتی پیگیری کنند.")
    assert "درگاه ملی خدمات ثبتی" in names(doc, "Project")
    assert names(extract_text("این درگاه ملی است و درگاه ملی فعال شد."), "Project") == set()


def test_an_adjective_that_hazm_lists_as_a_verb_stays_inside_a_directorate_name():
    doc = extract_text("این طرح با حمایت اداره کل میراث فرهنگی، گردشگری و صنایع دستی استان زنجان اجرا می‌شود.")
    assert any(n.startswith("اداره کل میراث فرهنگی، گردشگری و صنایع") and n.endswith("استان زنجان")
               for n in names(doc, "Organization"))


def test_a_gazetteer_name_with_commas_is_read_whole_and_takes_a_place():
    doc = extract_text("نشست در محل اتاق بازرگانی، صنایع، معادن و کشاورزی زنجان برگزار شد.")
    assert names(doc, "Organization") == {"اتاق بازرگانی، صنایع، معادن و کشاورزی زنجان"}
    doc = extract_text("همراه اول، ایرانسل و رایتل در این طرح مشارکت دارند.")
    assert {"همراه اول", "ایرانسل", "رایتل"} <= names(doc, "Organization")


def test_a_municipality_needs_a_place_in_its_name():
    assert names(extract_text("مناطق ۲۲گانه شهرداری خدمات محلی خود را ارائه می‌کنند."), "Organization") == set()
    assert names(extract_text("شهرداری تبریز و فرمانداری ویژه کاشان گفتند."), "Organization") == \
        {"شهرداری تبریز", "فرمانداری ویژه کاشان"}


def test_a_second_surname_word_that_is_also_a_given_name_joins_when_the_two_words_come_again():
    doc = extract_text("محمدرضا قلندر شریف روز یکشنبه گفت: خوب است. قلندر شریف ادامه داد: بد نیست.")
    assert names(doc, "Person") == {"محمدرضا قلندر شریف"}
    doc = extract_text("علی کریمی حسن را دید. کریمی گفت: خوب است.")
    assert "علی کریمی" in names(doc, "Person")


def test_quoted_names_listed_after_a_plural_head_take_that_heads_type():
    doc = extract_text("شرکت‌های «ابرک» و «پارس‌پک» زیرساخت را تأمین می‌کنند.")
    assert {"شرکت ابرک", "پارس‌پک"} <= names(doc, "Organization")
    doc = extract_text("سامانه‌های «سجام» و «ثنا» فعال شدند.")
    assert names(doc, "Organization") == set() and names(doc, "Project") == {"سامانه سجام", "سامانه ثنا"}
    doc = extract_text("طرح‌های «توسعه شبکه ملی اطلاعات» و «هوشمندسازی مدارس» دنبال می‌شود.")
    assert names(doc, "Project") == {"طرح توسعه شبکه ملی اطلاعات", "طرح هوشمندسازی مدارس"}
    assert names(extract_text("برخی «کارشناسان» و «مدیران» مخالفند."), "Project") == set()


def test_a_provincial_council_of_generic_words_takes_the_articles_province():
    doc = extract_text("به گزارش اداره کل ارتباطات و فناوری اطلاعات استان مازندران، نشست شورای فناوری اطلاعات استان "
                       "برگزار شد.")
    assert "شورای فناوری اطلاعات استان مازندران" in names(doc, "Organization")
    assert names(extract_text("شورای استان تشکیل شد."), "Organization") == set()


def test_a_plural_of_projects_goes_on_inside_a_system_name():
    doc = extract_text("دستگاه‌ها اطلاعات را در سامانه جامع مدیریت پروژه‌های عمرانی ثبت کنند.")
    assert "سامانه جامع مدیریت پروژه‌های عمرانی" in names(doc, "Project")


def test_a_quoted_project_with_a_province_after_ostan_inside_is_located_there():
    doc = extract_text("طالبی خواست طرح «اتصال شهرک‌های صنعتی استان کرمان به فیبر نوری» در اولویت قرار گیرد.")
    assert ("LOCATED_IN", "طرح اتصال شهرک‌های صنعتی استان کرمان به فیبر نوری", "کرمان") in facts(doc)


def test_a_quoted_name_after_a_head_and_a_scope_or_a_generic_word():
    doc = extract_text("نخستین رویداد ملی «داده‌کاوی سلامت» آغاز شد و شرکت دانش‌بنیان «رایان داده توس» آن را طراحی کرد.")
    assert "رویداد داده‌کاوی سلامت" in names(doc, "Project")
    assert "شرکت رایان داده توس" in names(doc, "Organization")


def test_a_science_town_with_a_place_is_an_organisation_there():
    doc = extract_text("استاندار خواستار ایجاد مرکز داده در شهرک علمی و تحقیقاتی قم شد.")
    assert ("LOCATED_IN", "شهرک علمی و تحقیقاتی قم", "قم") in facts(doc)


def test_a_participle_joined_to_its_auxiliary_ends_a_name():
    assert not names(extract_text("استارتاپ های برتر به شرکت ثبت‌شده تبدیل‌شده‌اند."), "Organization")
    assert names(extract_text("شرکت پارس‌آوا همکاری کرد."), "Organization") == {"شرکت پارس‌آوا"}


def test_the_national_window_written_short_is_the_national_window_and_ends_there():
    doc = extract_text("کرمان با ۱۲۰ خدمت روی پنجره ملی رتبه پنجم کشور را دارد.")
    assert names(doc, "Project") == {"پنجره ملی خدمات دولت هوشمند"}
