"""HD Article (Helpdesk's knowledge base): what the request form suggests follows the articles."""

from moeen_helpdesk.knowledge import articles


def on_update(doc, method=None):
    articles.forget(doc, method)


def on_trash(doc, method=None):
    articles.on_trash(doc, method)
