"""/moeen-survey?token=…[&lang=en]: the satisfaction survey, answered without login.

Arabic by default (``dir="rtl"``); English with ``?lang=en`` or when the
beneficiary's user language is English. A link that cannot be used renders a
translated message with a 4xx status (400 invalid, 409 already answered, 410
expired), never a server error. The form posts to
``moeen_helpdesk.api.surveys.submit``.
"""

from urllib.parse import urlencode

import frappe
from frappe import _

from moeen_helpdesk.surveys import answers as survey_answers
from moeen_helpdesk.surveys import settings as survey_settings
from moeen_helpdesk.surveys import triggers
from moeen_helpdesk.utils import asset_url

no_cache = 1
sitemap = 0

SURVEY_CSS = "css/moeen_survey.css"
SURVEY_JS = "js/moeen_survey.js"
RATING_HINTS = ("Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied")


def get_context(context):
    token = (frappe.form_dict.get("token") or "").strip()
    req, error = None, None
    try:
        req = survey_answers.resolve_request(token)
    except survey_answers.SurveyLinkError as e:
        error = e

    lang = survey_answers.page_language(frappe.form_dict.get("lang"), req)
    frappe.local.lang = lang  # _() below and in the template speak the page's language
    context.lang = lang
    context.dir = "rtl" if lang == "ar" else "ltr"
    context.no_cache = 1
    context.title = _("Satisfaction Survey")
    context.other_lang = "en" if lang == "ar" else "ar"
    context.other_lang_label = "English" if lang == "ar" else "العربية"
    switch = {"token": token, "lang": context.other_lang}
    if frappe.form_dict.get("via") == survey_settings.VIA_PORTAL_PARAM:
        switch["via"] = survey_settings.VIA_PORTAL_PARAM
    context.other_lang_url = f"/moeen-survey?{urlencode(switch)}" if token else ""
    context.assets = {"survey_css": asset_url(SURVEY_CSS), "survey_js": asset_url(SURVEY_JS)}
    context.text = frappe._dict(
        required=_("Required"),
        submit=_("Send"),
        sending=_("Sending…"),
        thanks=_("Thank you for your feedback!"),
        yes=_("Yes"),
        no=_("No"),
        error=_("Something went wrong. Please try again."),
        no_script=_("Please enable JavaScript to answer the survey."),
        intro=_("Your opinion helps us improve our services. The survey takes about a minute."),
        rating_hints=[_(h) for h in RATING_HINTS],
    )

    if error is not None:
        context.state = "error"
        context.message = _(error.template)
        context.http_status_code = error.http_status_code
        return context

    template = frappe.get_cached_doc(survey_settings.TEMPLATE, req.template)
    context.state = "form"
    context.token = token
    context.via = (
        survey_settings.VIA_PORTAL_PARAM
        if frappe.form_dict.get("via") == survey_settings.VIA_PORTAL_PARAM
        else ""
    )
    context.survey_title = template.get(f"title_{lang}") or template.title_en or context.title
    context.survey_intro = template.get(f"intro_{lang}") or ""
    context.questions = [
        {
            "key": q.key,
            "type": q.type,
            "label": q.label,
            "required": q.required,
            "options": [{"value": o, "label": _(o)} for o in q.options],
        }
        for q in triggers.template_questions(req.template, lang)
    ]
    return context
