"""The beneficiaries' portal (/moeen): what the pages (``www/moeen``) and
``moeen_helpdesk.api.portal`` share, one module per section:

* :mod:`.language` — the page language: ``?lang=``, else the profile's preferred language, else Arabic;
* :mod:`.times` — calendars' weekly hours and date-times in words, in the calendar's time zone;
* :mod:`.catalog` — the services a beneficiary may request, with their times in words;
* :mod:`.fields` — a service's extra fields and the checks of a form's texts;
* :mod:`.attachments` — attachment limits (``File`` ``before_insert``) and a ticket's files;
* :mod:`.tickets` — tickets as a beneficiary sees them, the conversation, the resolution;
* :mod:`.surveys` — the pending satisfaction surveys offered on the pages;
* :mod:`.pages` — what every page sets up (login, language, links, contact center).

The contact center (number, hours, open now) is :func:`moeen_helpdesk.channels.contact_center`;
the pure rules are in :mod:`moeen_helpdesk.core` (eligibility, durations in words, hours
grouping, search normalisation). Everything here reads with the session user's rights or filters
by the user explicitly; the whitelisted layer and the pages check login and permission first.
"""
