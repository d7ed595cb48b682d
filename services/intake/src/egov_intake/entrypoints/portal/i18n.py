"""The portal's words in Bulgarian (first) and English."""

from __future__ import annotations

from egov_sdk.web_pages import LANGUAGES, Language, language, translated

__all__ = ["LANGUAGES", "Language", "category_title", "language", "text"]

_TEXTS: dict[str, tuple[str, str]] = {
    "portal": ("Електронни административни услуги", "Electronic administrative services"),
    "skip": ("Към основното съдържание", "Skip to main content"),
    "other_language": ("English", "Български"),
    "other_language_name": ("Switch to English", "Превключване на български"),
    "login": ("Вход с електронна идентичност", "Log in with national eID"),
    "logout": ("Изход", "Log out"),
    "logged_in_as": ("Влезли сте като", "Logged in as"),
    "my_applications": ("Моите заявления", "My applications"),
    "home_intro": (
        "Подайте заявление до общината, областната администрация или централно ведомство и следете хода му.",
        "Apply to a municipality, district administration or central body, and follow your application.",
    ),
    "search": ("Търсене", "Search"),
    "search_label": ("Търсене на услуга", "Search for a service"),
    "search_hint": (
        "Например „наследници“, „адрес“ или номер по ИИСДА",
        "For example “heirs”, “address” or an IISDA number",
    ),
    "results_for": ("Резултати за", "Results for"),
    "no_results": ("Няма намерени услуги. Опитайте с други думи.", "No services found. Try other words."),
    "administrations": ("Администрации", "Administrations"),
    "offered_by": ("Предоставя се от", "Offered by"),
    "services_of": ("Услуги", "Services"),
    "iisda": ("ИИСДА", "IISDA"),
    "start_now": ("Започване", "Start now"),
    "before_you_start": ("Преди да започнете", "Before you start"),
    "you_need": ("Ще ви трябват", "You will need"),
    "level_needed": ("Необходимо ниво на осигуреност при вход", "Level of assurance needed to log in"),
    "deadline": ("Срок", "Deadline"),
    "days": ("дни", "days"),
    "working_days": ("работни дни", "working days"),
    "fee": ("Такса", "Fee"),
    "free": ("Без такса", "Free"),
    "bgn": ("лв.", "BGN"),
    "output": ("Ще получите", "You will receive"),
    "legal_basis": ("Правно основание", "Legal basis"),
    "form_title": ("Заявление", "Application"),
    "applying_for": ("Подавате заявлението", "You are applying"),
    "for_yourself": ("от свое име", "for yourself"),
    "for_company": ("от името на", "on behalf of"),
    "tier": ("Вид на услугата", "Kind of service"),
    "tier_ordinary": ("Обикновена", "Ordinary"),
    "tier_fast": ("Бърза", "Fast"),
    "tier_express": ("Експресна", "Express"),
    "email": ("Имейл за известия", "E-mail for notices"),
    "email_hint": (
        "Ще ви пишем, когато заявлението напредне. Известията са видими и в портала.",
        "We will write when the application moves on. Notices are also shown in the portal.",
    ),
    "attachments": ("Приложения", "Attachments"),
    "attachment_hint": ("%(types)s, до %(size)s MB", "%(types)s, up to %(size)s MB"),
    "attached": ("Приложен файл", "Attached file"),
    "replace_file": ("Изберете друг файл, за да го замените.", "Choose another file to replace it."),
    "remove_file": ("Премахване", "Remove"),
    "continue": ("Продължаване", "Continue"),
    "optional": ("незадължително", "optional"),
    "error_summary": ("Има проблем", "There is a problem"),
    "error_prefix": ("Грешка:", "Error:"),
    "check_title": ("Проверете отговорите си", "Check your answers"),
    "change": ("Промяна", "Change"),
    "applicant": ("Заявител", "Applicant"),
    "service": ("Услуга", "Service"),
    "administration": ("Администрация", "Administration"),
    "declaration": (
        "С подаването потвърждавате, че данните са верни.",
        "By submitting you confirm that the details are correct.",
    ),
    "submit": ("Подаване на заявлението", "Submit the application"),
    "submitted": ("Заявлението е подадено", "Application submitted"),
    "reference": ("Вашият номер", "Your reference number"),
    "what_next": ("Какво следва", "What happens next"),
    "what_next_text": (
        "Администрацията ще разгледа заявлението. Ще ви известим при всяка промяна; ходът му е в „Моите заявления“.",
        "The administration will consider your application. We will tell you of every change; "
        "its progress is in “My applications”.",
    ),
    "no_applications": ("Все още нямате заявления.", "You have no applications yet."),
    "reference_label": ("Номер на заявлението", "Application reference number"),
    "find": ("Намиране", "Find"),
    "not_found": ("Не е намерено", "Not found"),
    "not_found_text": ("Няма такова ваше заявление.", "You have no such application."),
    "status": ("Състояние", "Status"),
    "submitted_on": ("Подадено на", "Submitted on"),
    "history": ("Ход на заявлението", "Progress of the application"),
    "info_needed": ("Администрацията иска информация", "The administration needs information"),
    "send_answer": ("Изпращане на отговора", "Send the answer"),
    "pay_now": ("Плащане на таксата", "Pay the fee"),
    "pay_text": ("Сума за плащане", "Amount to pay"),
    "download_document": ("Изтегляне на документа (PDF)", "Download the document (PDF)"),
    "document_not_online_title": ("Документът не е достъпен онлайн", "The document is not available online"),
    "document_not_online": (
        "Документът се издава от администрацията и не е достъпен онлайн. Обърнете се към нея, за да го получите.",
        "The document is issued by the administration and is not available online. "
        "Contact the administration to receive it.",
    ),
    "document_unavailable_title": ("Документът не може да бъде изтеглен", "The document cannot be downloaded"),
    "document_unavailable": (
        "Документът не може да бъде изтеглен в момента. Опитайте отново по-късно.",
        "The document cannot be downloaded right now. Please try again later.",
    ),
    "withdraw": ("Оттегляне на заявлението", "Withdraw the application"),
    "withdraw_confirm": (
        "Сигурни ли сте, че искате да оттеглите заявлението? Това не може да бъде отменено.",
        "Are you sure you want to withdraw the application? This cannot be undone.",
    ),
    "withdraw_requested": ("Поискахте оттегляне на заявлението.", "You asked to withdraw the application."),
    "back": ("Назад", "Back"),
    "due": ("Срок за решение", "Decision due"),
    "registration_number": ("Регистрационен номер", "Registration number"),
    "reasons": ("Мотиви", "Reasons"),
    "forbidden_level": (
        "Услугата изисква вход на ниво „%(level)s“. Влезте отново с по-високо ниво.",
        "The service needs a login at level “%(level)s”. Log in again at a higher level.",
    ),
    "page_not_found": ("Страницата не е намерена", "Page not found"),
    "session_expired": (
        "Формулярът изтече или е изпратен от друго място. Опитайте отново.",
        "The form expired or was sent from elsewhere. Please try again.",
    ),
    "login_failed": ("Входът не бе успешен. Опитайте отново.", "The login did not succeed. Please try again."),
    "file_empty": ("Файлът „%(name)s“ е празен", "The file “%(name)s” is empty"),
    "file_too_large": ("„%(name)s“ трябва да е най-много %(size)s MB", "“%(name)s” must be %(size)s MB or smaller"),
    "file_type": ("„%(name)s“ трябва да е %(types)s", "“%(name)s” must be %(types)s"),
    "file_infected": (
        "Файлът „%(name)s“ съдържа зловреден код (%(signature)s) и не е приет",
        "The file “%(name)s” contains malware (%(signature)s) and was refused",
    ),
    "file_needed": ("Приложете %(name)s", "Attach %(name)s"),
    "scanner_down": (
        "Файловете не могат да бъдат проверени за вируси в момента. Опитайте след малко.",
        "Files cannot be checked for viruses right now. Please try again shortly.",
    ),
    "unstorable": ("Премахнете непозволените знаци", "Remove the characters that are not allowed"),
    "email_invalid": (
        "Въведете имейл във вида име@example.bg",
        "Enter an e-mail address in the form name@example.com",
    ),
    "level_eid_low": ("ниско", "low"),
    "level_eid_substantial": ("значително", "substantial"),
    "level_eid_high": ("високо", "high"),
    "state_submitted": ("подадено", "submitted"),
    "state_routed": ("прието за разглеждане", "sent for processing"),
    "state_awaiting_payment": ("очаква плащане", "awaiting payment"),
    "state_paid": ("платено", "paid"),
    "state_unpaid": ("неплатено", "unpaid"),
    "state_accepted": ("регистрирано", "registered"),
    "state_info_requested": ("изисква се информация", "information requested"),
    "state_info_provided": ("информацията е предоставена", "information provided"),
    "state_completed": ("изпълнено", "completed"),
    "state_refused": ("отказано", "refused"),
    "state_rejected": ("отхвърлено", "rejected"),
    "state_withdrawn": ("оттеглено", "withdrawn"),
}


# NOTE: the catalog's categories; one it adds later shows as its code until it is named here.
_CATEGORIES: dict[str, tuple[str, str]] = {
    "business": ("Стопанска дейност", "Business"),
    "civil_registration": ("Гражданска регистрация", "Civil registration"),
    "civil_status": ("Гражданско състояние", "Civil status"),
    "construction": ("Строителство", "Construction"),
    "elections": ("Избори", "Elections"),
    "environment": ("Околна среда", "Environment"),
    "forestry": ("Горско стопанство", "Forestry"),
    "legalisation": ("Заверки и легализация", "Certification and legalisation"),
    "local_taxes": ("Местни данъци и такси", "Local taxes and fees"),
    "property": ("Собственост", "Property"),
    "public_information": ("Достъп до обществена информация", "Access to public information"),
    "social": ("Социални дейности", "Social services"),
    "spatial_planning": ("Устройство на територията", "Spatial planning"),
    "tourism": ("Туризъм", "Tourism"),
    "transport": ("Транспорт", "Transport"),
}


def category_title(code: str, lang: Language) -> str:
    bg, en = _CATEGORIES.get(code, (code, code))
    return bg if lang == "bg" else en


def text(key: str, lang: Language, **values: str) -> str:
    return translated(_TEXTS, key, lang, **values)
