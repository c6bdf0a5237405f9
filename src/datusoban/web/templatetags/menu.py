"""``{% main_menu %}``: the main menu's links for the page being drawn."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from datusoban.web import menu

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context) -> SafeString:
    return menu.links(context["request"])
