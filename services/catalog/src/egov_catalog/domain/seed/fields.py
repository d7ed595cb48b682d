"""Reusable pieces of the seeded services: form fields and attachments, titled in Bulgarian and English.

A form field's Bulgarian title is its JSON Schema `title`; the English one is `x-title-en` (JSON
Schema allows extra keywords), so any JSON Schema tool still reads the form. A choice's options are
titled by `x-enum-titles` (code → {"bg": ..., "en": ...}) in the same schema as their `enum`: for an
array of choices (`languages`), that is its `items`. Personal numbers carry `format: egn` and company
numbers `format: eik`, which intake checks by check digit.
"""

from __future__ import annotations

from typing import Any

from egov_schemas.catalog import Attachment


def _field(type_: str, bg: str, en: str, **keywords: Any) -> dict[str, Any]:
    return {"type": type_, "title": bg, "x-title-en": en, **keywords}


def _text(bg: str, en: str, max_length: int = 200, **keywords: Any) -> dict[str, Any]:
    return _field("string", bg, en, minLength=1, maxLength=max_length, **keywords)


def _choice(bg: str, en: str, options: dict[str, tuple[str, str]]) -> dict[str, Any]:
    return _field("string", bg, en, **_options(options))


def _options(options: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """`enum` and its `x-enum-titles` from code → (Bulgarian, English) label."""
    return {
        "enum": list(options),
        "x-enum-titles": {code: {"bg": bg, "en": en} for code, (bg, en) in options.items()},
    }


# NOTE: every field is bounded (strings by maxLength, arrays by maxItems, numbers by a maximum), so a
# form's size has a ceiling well inside a Kafka record; one list of trees stays under ~100 kB.
MAX_TREES = 200
_EGN = {"pattern": "^[0-9]{10}$", "format": "egn"}
_EIK = {"pattern": "^([0-9]{9}|[0-9]{13})$", "format": "eik"}
_DATE = {"format": "date"}

FIELDS: dict[str, dict[str, Any]] = {
    # Who or what the document is about
    "purpose": _text("Цел на документа", "Purpose of the document"),
    "person_name": _text("Име на лицето, за което се иска документът", "Name of the person the document concerns"),
    "person_egn": _text("ЕГН на лицето", "Personal number (EGN) of the person", 10, **_EGN),
    "deceased_name": _text("Име на починалия", "Name of the deceased"),
    "deceased_egn": _text("ЕГН на починалия", "Personal number (EGN) of the deceased", 10, **_EGN),
    "date_of_death": _text("Дата на смъртта", "Date of death", 10, **_DATE),
    "relation": _text("Качество на заявителя спрямо лицето", "Applicant's relation to the person"),
    "record_kind": _choice(
        "Вид акт за гражданско състояние",
        "Kind of civil-status record",
        {"birth": ("Раждане", "Birth"), "marriage": ("Брак", "Marriage"), "death": ("Смърт", "Death")},
    ),
    "record_number": _text("Номер на акта", "Record number", 20),
    "record_date": _text("Дата на съставяне на акта", "Date the record was drawn up", 10, **_DATE),
    "record_place": _text("Населено място на съставяне", "Place the record was drawn up"),
    "event_date": _text(
        "Дата на събитието (раждане, брак, смърт)", "Date of the event (birth, marriage, death)", 10, **_DATE
    ),
    "spouse_name": _text("Име на съпруга/съпругата", "Name of the spouse"),
    "marriage_country": _text("Държава, в която ще се сключи бракът", "Country of the marriage"),
    "fiance_name": _text("Име на бъдещия съпруг/съпруга", "Name of the future spouse"),
    "fiance_citizenship": _text("Гражданство на бъдещия съпруг/съпруга", "Citizenship of the future spouse"),
    "languages": _field(
        "array",
        "Езици на извлечението",
        "Languages of the extract",
        items={
            "type": "string",
            **_options(
                {
                    "en": ("Английски", "English"),
                    "fr": ("Френски", "French"),
                    "de": ("Немски", "German"),
                    "es": ("Испански", "Spanish"),
                    "it": ("Италиански", "Italian"),
                    "ru": ("Руски", "Russian"),
                    "tr": ("Турски", "Turkish"),
                    "el": ("Гръцки", "Greek"),
                }
            ),
        },
        minItems=1,
        maxItems=8,
        uniqueItems=True,
    ),
    "register_year": _field(
        "integer",
        "Година на вписване в семейния регистър",
        "Year of entry in the family register",
        minimum=1893,
        maximum=1978,
    ),
    "current_name": _text("Настоящо име", "Current name"),
    "requested_name": _text("Исканото име", "Requested name"),
    "name_change_reason": _text("Основание за промяната", "Reason for the change", 1000),
    "other_names": _text("Другите имена, с които лицето е известно", "Other names the person is known by", 500),
    "certificate_requested": _text("Искано удостоверение или услуга", "Certificate or service requested", 300),
    # Addresses and property
    "settlement": _text("Населено място", "Settlement"),
    "address": _text(
        "Адрес (улица, номер, вход, етаж, апартамент)", "Address (street, number, entrance, floor, flat)", 300
    ),
    "property_address": _text("Адрес или местност на имота", "Address or locality of the property", 300),
    "cadastral_id": _text(
        "Идентификатор по кадастралната карта",
        "Cadastral map identifier",
        40,
        pattern=r"^[0-9]{5}\.[0-9]{1,4}\.[0-9]{1,4}(\.[0-9]{1,4}){0,2}$",
    ),
    "upi": _text("УПИ (урегулиран поземлен имот) и квартал", "Regulated land plot (UPI) and block", 100),
    "plan_name": _text(
        "Устройствен план (наименование и година на одобряване)", "Development plan (name and year approved)", 300
    ),
    "plan_kind": _choice(
        "Вид на плана",
        "Kind of plan",
        {
            "regulation": ("План за регулация", "Regulation plan"),
            "development": ("План за застрояване", "Development plan"),
            "regulation_and_development": ("План за регулация и застрояване", "Regulation and development plan"),
            "parcel": ("Парцеларен план", "Parcel plan for linear infrastructure"),
            "work_layout": ("Работен устройствен план", "Detailed working development plan"),
        },
    ),
    "plan_scope": _text("Обхват на плана (имоти, квартал)", "Scope of the plan (plots, block)", 500),
    "property_kind": _choice(
        "Вид на имота",
        "Kind of property",
        {
            "land": ("Поземлен имот", "Land plot"),
            "building": ("Сграда", "Building"),
            "flat": ("Апартамент или друг самостоятелен обект", "Flat or other separate unit"),
            "unfinished_construction": ("Незавършено строителство", "Unfinished construction"),
            "agricultural_land": ("Земеделска земя", "Agricultural land"),
            "forest": ("Гора (горска територия)", "Forest land"),
        },
    ),
    "ownership_document": _text(
        "Документ за собственост (вид, номер, дата)", "Ownership document (kind, number, date)", 300
    ),
    "construction_name": _text("Наименование на строежа", "Name of the construction", 300),
    "construction_category": _choice(
        "Категория на строежа",
        "Construction category",
        {numeral: (f"{numeral} категория", f"Category {numeral}") for numeral in ("I", "II", "III", "IV", "V", "VI")},
    ),
    "building_permit": _text("Разрешение за строеж (номер и дата)", "Building permit (number and date)", 100),
    "construction_period": _text("Период на изграждане", "Period of construction", 100),
    "trees": _field(
        "array",
        "Дървета за отсичане",
        "Trees to be cut",
        minItems=1,
        maxItems=MAX_TREES,
        items={
            "type": "object",
            "properties": {
                "species": _text("Вид", "Species"),
                "count": _field("integer", "Брой", "Count", minimum=1, maximum=10_000),
                "trunk_diameter_cm": _field(
                    "integer", "Диаметър на ствола (см)", "Trunk diameter (cm)", minimum=1, maximum=1_000
                ),
            },
            "required": ["species", "count"],
            "additionalProperties": False,
        },
    ),
    "cutting_reason": _text("Причина за отсичането", "Reason for cutting", 1000),
    "timber_volume_m3": _field(
        "number",
        "Очаквано количество дървесина (куб. м)",
        "Expected timber volume (m³)",
        exclusiveMinimum=0,
        maximum=100_000,
    ),
    "timber_species": _text("Дървесни видове", "Tree species"),
    "ad_location": _text("Място на поставяне", "Place of installation", 300),
    "ad_kind": _choice(
        "Вид на елемента",
        "Kind of element",
        {
            "billboard": ("Билборд", "Billboard"),
            "sign": ("Табела", "Sign"),
            "banner": ("Транспарант", "Banner"),
            "showcase": ("Витрина", "Shop window"),
            "other": ("Друг", "Other"),
        },
    ),
    "ad_area_m2": _field(
        "number",
        "Площ на рекламната повърхност (кв. м)",
        "Advertising surface (m²)",
        exclusiveMinimum=0,
        maximum=10_000,
    ),
    "ad_period": _text("Срок на поставяне", "Period of installation", 100),
    "enquiry": _text("Предмет на справката", "Subject of the enquiry", 1000),
    "council_decision": _text(
        "Решение на експертния съвет (номер и дата)", "Expert council decision (number and date)", 100
    ),
    "copy_format": _choice(
        "Вид на копието",
        "Format of the copy",
        {"paper": ("Хартиено", "Paper"), "electronic": ("Електронно", "Electronic")},
    ),
    # Taxes
    "taxpayer_kind": _choice(
        "Задължено лице",
        "Taxpayer",
        {"person": ("Физическо лице", "Individual"), "company": ("Юридическо лице", "Company")},
    ),
    "taxpayer_eik": _text(
        "ЕИК на задълженото лице (за юридически лица)",
        "EIK of the taxpayer (companies)",
        13,
        **_EIK,
    ),
    "tax_year": _field("integer", "Данъчна година", "Tax year", minimum=1990, maximum=2100),
    "declaration_number": _text("Входящ номер на декларацията", "Declaration reference number", 50),
    "vehicle_registration": _text(
        "Регистрационен номер на превозното средство",
        "Vehicle registration number",
        12,
        pattern="^[A-ZА-Я]{1,2}[0-9]{4}[A-ZА-Я]{1,2}$",
    ),
    "vehicle_kind": _choice(
        "Вид на превозното средство",
        "Kind of vehicle",
        {
            "bus": ("Автобус", "Bus"),
            "truck": ("Товарен автомобил", "Lorry"),
            "tractor": ("Трактор", "Tractor"),
            "trailer": ("Ремарке", "Trailer"),
            "motorcycle": ("Мотоциклет", "Motorcycle"),
            "moped": ("Мотопед", "Moped"),
            "ship": ("Плавателен съд", "Vessel"),
            "aircraft": ("Въздухоплавателно средство", "Aircraft"),
            "other": ("Друго", "Other"),
        },
    ),
    "vehicle_acquired_on": _text("Дата на придобиване", "Date acquired", 10, **_DATE),
    "patent_activity": _text("Патентна дейност", "Patent-taxed activity", 300),
    "right_holder": _text("Носител на правото", "Holder of the right"),
    "acquired_on": _text("Дата на придобиване", "Date acquired", 10, **_DATE),
    "acquisition_reason": _choice(
        "Основание за придобиване",
        "Basis of acquisition",
        {
            "purchase": ("Покупка", "Purchase"),
            "inheritance": ("Наследство", "Inheritance"),
            "donation": ("Дарение", "Gift"),
            "construction": ("Строителство", "Construction"),
            "other": ("Друго", "Other"),
        },
    ),
    "inheritance_opened_on": _text("Дата на откриване на наследството", "Date the inheritance opened", 10, **_DATE),
    # Business premises and tourism
    "site_name": _text("Наименование на обекта", "Name of the site"),
    "site_address": _text("Адрес на обекта", "Address of the site", 300),
    "operator_eik": _text("ЕИК на лицето, извършващо дейността", "EIK of the operator", 13, **_EIK),
    "accommodation_type": _choice(
        "Вид на мястото за настаняване",
        "Kind of accommodation",
        {
            "hotel": ("Хотел", "Hotel"),
            "motel": ("Мотел", "Motel"),
            "apartment_hotel": ("Апартаментен хотел", "Apartment hotel"),
            "family_hotel": ("Семеен хотел", "Family hotel"),
            "hostel": ("Хостел", "Hostel"),
            "guest_house": ("Къща за гости", "Guest house"),
            "guest_rooms": ("Стаи за гости", "Guest rooms"),
            "guest_apartment": ("Апартамент за гости", "Guest apartment"),
        },
    ),
    "catering_type": _choice(
        "Вид на заведението",
        "Kind of establishment",
        {
            "restaurant": ("Ресторант", "Restaurant"),
            "fast_food": ("Заведение за бързо обслужване", "Fast-food outlet"),
            "drinking_place": ("Питейно заведение", "Drinking establishment"),
            "cafe": ("Кафе-сладкарница", "Café and patisserie"),
            "bar": ("Бар", "Bar"),
        },
    ),
    "stars": _field("integer", "Категория (брой звезди)", "Category (stars)", minimum=1, maximum=5),
    "capacity": _field(
        "integer", "Капацитет (места или легла)", "Capacity (seats or beds)", minimum=1, maximum=100_000
    ),
    "certificate_number": _text("Номер на удостоверението за категория", "Category certificate number", 50),
    "changes": _text("Промени в обстоятелствата", "Changes of circumstances", 1000),
    "procedure_number": _text("Номер на откритата процедура", "Number of the opened procedure", 50),
    "opening_hours": _text("Работно време", "Opening hours", 200),
    "taxi_certificate": _text(
        "Удостоверение за регистрация за таксиметров превоз (номер)",
        "Taxi-transport registration certificate (number)",
        50,
    ),
    # Elections
    "election": _text("Избори (вид и дата)", "Election (kind and date)", 200),
    "current_address": _text("Настоящ адрес", "Current address", 300),
    "voter_list_error": _text("Непълнота или грешка в списъка", "Omission or error in the list", 1000),
    "disability_reason": _text(
        "Причина за гласуване с подвижна кутия", "Reason for voting with a mobile ballot box", 300
    ),
    "abroad_place": _text(
        "Място извън страната, където е заявено гласуване", "Place abroad where voting was declared", 200
    ),
    # Other
    "telk_decision": _text(
        "Експертно решение на ТЕЛК/НЕЛК (номер и дата)", "Disability assessment decision (number and date)", 100
    ),
    "information_requested": _text("Описание на исканата информация", "Description of the information requested", 2000),
    "information_format": _choice(
        "Форма на предоставяне",
        "Form of access",
        {
            "inspection": ("Преглед на информацията (оригинал или копие)", "Inspection (original or copy)"),
            "oral": ("Устна справка", "Oral information"),
            "paper_copy": ("Копие на хартиен носител", "Paper copy"),
            "electronic_copy": ("Копие по електронен път", "Electronic copy"),
        },
    ),
    "document_to_certify": _text(
        "Документ за заверяване (вид, номер, дата, издател)", "Document to certify (kind, number, date, issuer)", 300
    ),
    "destination_country": _text(
        "Държава, в която ще се използва документът", "Country where the document will be used"
    ),
}

ATTACHMENTS: dict[str, Attachment] = {
    "power_of_attorney": Attachment(
        key="power_of_attorney",
        name_bg="Нотариално заверено пълномощно (при подаване от пълномощник)",
        name_en="Notarised power of attorney (when filed by a representative)",
        required=False,
    ),
    "death_certificate": Attachment(
        key="death_certificate",
        name_bg="Препис-извлечение от акт за смърт (ако смъртта не е вписана в общината)",
        name_en="Death certificate extract (if the death is not registered in the municipality)",
        required=False,
    ),
    "ownership_document": Attachment(
        key="ownership_document", name_bg="Документ за собственост", name_en="Ownership document"
    ),
    "property_sketch": Attachment(
        key="property_sketch", name_bg="Актуална скица на имота", name_en="Current sketch of the property"
    ),
    "heirs_certificate": Attachment(
        key="heirs_certificate",
        name_bg="Удостоверение за наследници (при наследствен имот)",
        name_en="Certificate of heirs (for inherited property)",
        required=False,
    ),
    "use_consent": Attachment(
        key="use_consent",
        name_bg="Документ за ползване на имота или съгласие на собственика",
        name_en="Document of use of the property or the owner's consent",
        required=False,
    ),
    "identity_certificate": Attachment(
        key="identity_certificate",
        name_bg="Удостоверение за идентичност на имота по предходни планове",
        name_en="Certificate of identity of the property under previous plans",
    ),
    "building_permit": Attachment(key="building_permit", name_bg="Разрешение за строеж", name_en="Building permit"),
    "supervision_report": Attachment(
        key="supervision_report",
        name_bg="Окончателен доклад на консултанта (строителния надзор)",
        name_en="Final report of the construction supervisor",
    ),
    "acts_14_15": Attachment(
        key="acts_14_15",
        name_bg="Протоколи обр. 14 и констативен акт обр. 15",
        name_en="Construction acts form 14 and statement form 15",
    ),
    "technical_passport": Attachment(
        key="technical_passport", name_bg="Технически паспорт на строежа", name_en="Technical passport of the building"
    ),
    "investment_project": Attachment(
        key="investment_project", name_bg="Одобрен инвестиционен проект", name_en="Approved investment project"
    ),
    "design_visa": Attachment(
        key="design_visa", name_bg="Скица с виза за проектиране", name_en="Sketch with a design visa"
    ),
    "tolerance_evidence": Attachment(
        key="tolerance_evidence",
        name_bg="Доказателства за времето на изграждане на строежа",
        name_en="Evidence of when the building was built",
    ),
    "plan_assignment": Attachment(
        key="plan_assignment", name_bg="Задание за изработване на плана", name_en="Terms of reference for the plan"
    ),
    "ad_project": Attachment(
        key="ad_project", name_bg="Проект или снимка на рекламния елемент", name_en="Design or photo of the element"
    ),
    "tree_photos": Attachment(
        key="tree_photos", name_bg="Снимки на дърветата", name_en="Photos of the trees", required=False
    ),
    "categorisation_form": Attachment(
        key="categorisation_form",
        name_bg="Формуляр за категоризация по образец с приложенията към него",
        name_en="Categorisation form with its annexes",
    ),
    "category_certificate": Attachment(
        key="category_certificate", name_bg="Удостоверение за категория", name_en="Category certificate"
    ),
    "telk_decision": Attachment(
        key="telk_decision", name_bg="Експертно решение на ТЕЛК/НЕЛК", name_en="Disability assessment decision"
    ),
    "photo": Attachment(key="photo", name_bg="Снимка", name_en="Photograph"),
    "original_document": Attachment(
        key="original_document",
        name_bg="Оригинал на документа за заверяване",
        name_en="The original document to certify",
    ),
    "name_change_evidence": Attachment(
        key="name_change_evidence",
        name_bg="Доказателства за основанието за промяна на името",
        name_en="Evidence supporting the name change",
    ),
    "foreign_documents": Attachment(
        key="foreign_documents",
        name_bg="Документи на чуждестранния гражданин с легализиран превод",
        name_en="The foreign citizen's documents with a legalised translation",
    ),
    "tax_declaration": Attachment(
        key="tax_declaration", name_bg="Данъчна декларация по образец", name_en="Tax declaration form"
    ),
    "vehicle_registration": Attachment(
        key="vehicle_registration",
        name_bg="Свидетелство за регистрация на превозното средство",
        name_en="Vehicle registration certificate",
    ),
    "acquisition_document": Attachment(
        key="acquisition_document", name_bg="Документ за придобиване", name_en="Document of acquisition"
    ),
    "timber_origin": Attachment(
        key="timber_origin", name_bg="Документ за произхода на дървесината", name_en="Document of the timber's origin"
    ),
}


def form(title_bg: str, title_en: str, fields: list[str], required: list[str]) -> dict[str, Any]:
    """A JSON Schema (2020-12) form made of library fields; unknown names raise KeyError at seed time."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "title": title_bg,
        "x-title-en": title_en,
        "properties": {name: FIELDS[name] for name in fields},
        "required": required,
        "additionalProperties": False,
    }
